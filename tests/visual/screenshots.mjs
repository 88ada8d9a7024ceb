// Takes screenshots of every page at desktop and phone widths, for a person to look at.
// Usage: node tests/visual/screenshots.mjs http://127.0.0.1:3102 out-dir   (server with ADMIN_EMAIL set)
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const [base, out = "tests/.tmp/screens"] = process.argv.slice(2);
const admin = { email: process.env.SHOT_EMAIL ?? "admin@example.com", password: process.env.SHOT_PASSWORD ?? "admin password 1" };
fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const widths = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };
const fixtures = path.resolve("tests/fixtures/images");

async function shoot(page, name) {
  for (const [label, size] of Object.entries(widths)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(out, `${name}-${label}.png`), fullPage: true });
  }
}

const context = await browser.newContext({ viewport: widths.desktop });
const page = await context.newPage();
await page.goto(`${base}/signin`);
await shoot(page, "signin");
await page.getByLabel("Email").fill("nobody@example.com");
await page.getByLabel("Password", { exact: true }).fill("wrong password");
await page.getByRole("button", { name: "Sign in" }).click();
await page.getByText("Incorrect email or password.").waitFor();
await shoot(page, "signin-error");
await page.getByLabel("Email").fill(admin.email);
await page.getByLabel("Password", { exact: true }).fill(admin.password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL(/\/generate$/);

await page.goto(`${base}/tasks`);
await page.waitForTimeout(800);
await shoot(page, "tasks-empty-or-list");

await page.goto(`${base}/generate`);
await page
  .getByTestId("cost")
  .waitFor({ state: "detached" })
  .catch(() => {});
await shoot(page, "generate-t2v-empty");
await page.getByRole("button", { name: "Generate" }).click();
await page.waitForTimeout(300);
await shoot(page, "generate-t2v-errors");
await page.getByLabel("Prompt").fill("A paper boat drifting down a rainy neon street, cinematic, slow dolly-in");
await page.getByTestId("cost").waitFor();
await shoot(page, "generate-t2v-filled");
await page.getByLabel("Model").selectOption("aivideomaker/i2v");
await page.getByLabel("Image").setInputFiles(path.join(fixtures, "portrait.png"));
await page.getByText("360 × 640").waitFor();
await page.getByTestId("cost").waitFor();
await shoot(page, "generate-i2v");
await page.getByLabel("Model").selectOption("aivideomaker/lv");
await page.getByLabel("Segment 1 prompt").fill("A train leaves the station at dawn");
await page.getByRole("button", { name: "Add segment" }).click();
await page.getByLabel("Segment 2 prompt").fill("It crosses a long bridge over a misty river");
await page.getByRole("button", { name: "Add segment" }).click();
await shoot(page, "generate-lv");

// A running task, then the same task finished.
await page.goto(`${base}/generate`);
await page.getByLabel("Prompt").fill("A lighthouse in a storm, waves crashing, dramatic lighting");
await page.getByRole("button", { name: "Generate" }).click();
await page.waitForURL(/\/tasks\/.+/);
await page.waitForTimeout(2500);
await shoot(page, "task-running");
await page.getByTestId("task-state").filter({ hasText: "Succeeded" }).waitFor({ timeout: 60000 });
await page.waitForTimeout(1500);
await shoot(page, "task-succeeded");

await page.goto(`${base}/generate`);
await page.getByLabel("Prompt").fill("This one fails on purpose [sandbox:fail]");
await page.getByRole("button", { name: "Generate" }).click();
await page.waitForURL(/\/tasks\/.+/);
await page.getByTestId("task-state").filter({ hasText: "Failed" }).waitFor({ timeout: 60000 });
await shoot(page, "task-failed");

await page.goto(`${base}/generate`);
await page.getByLabel("Prompt").fill("Waiting in the queue [sandbox:hold]");
await page.getByRole("button", { name: "Generate" }).click();
await page.waitForURL(/\/tasks\/.+/);
await page.getByTestId("task-state").filter({ hasText: "Queued" }).waitFor({ timeout: 60000 });
await shoot(page, "task-queued");

await page.goto(`${base}/tasks`);
await page.waitForTimeout(800);
await shoot(page, "tasks-list");
await page.goto(`${base}/admin/users`);
await shoot(page, "admin-users");
await page.goto(`${base}/nowhere`);
await shoot(page, "not-found");

const fresh = await browser.newContext({ viewport: widths.desktop });
const setupPage = await fresh.newPage();
if (process.env.SETUP_BASE) {
  await setupPage.goto(`${process.env.SETUP_BASE}/setup`);
  await shoot(setupPage, "setup");
}
await browser.close();
console.log(`screenshots in ${out}`);
