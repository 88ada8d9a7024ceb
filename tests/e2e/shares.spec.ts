import { type Page } from "@playwright/test";
import {
  expect,
  test,
  ADMIN_STATE,
  createTaskViaApi,
  expectNoAxeViolations,
  newMember,
  shootBothThemes,
  watchContextHealth,
} from "./support";

// Share links in the browser: the owner makes one from the task's page (prompt shown, reviews
// taken), someone without an account opens it on a phone and a desktop, plays the video and asks
// for changes under their name; the team sees it; the page has its own policy and leaks nothing
// else; once revoked (Admin > Share links) it answers 404.

test.use({ storageState: ADMIN_STATE });

async function waitForOutput(page: Page, id: string) {
  await expect
    .poll(async () => (await (await page.request.get(`/api/tasks/${id}`)).json()).task.media?.posterUrl ?? null, {
      timeout: 150_000,
      intervals: [2000],
    })
    .not.toBeNull();
}

test("an owner shares an output; a stranger watches and reviews it without an account; revoked, it is gone", async ({ page, browser }) => {
  test.setTimeout(200_000);
  const run = Date.now().toString(36);
  const prompt = `Share me ${run}`;
  const { page: mine, member, context } = await newMember(browser, page.request);
  const id = await createTaskViaApi(mine, "t2v", { prompt, aspectRatio: "16:9", duration: "5" });
  await waitForOutput(mine, id);

  await mine.goto(`/tasks/${id}`);
  await mine.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = mine.getByRole("dialog", { name: "Share outside the team" });
  await expect(dialog.getByLabel("Title")).toHaveValue(prompt);
  await dialog.getByLabel("Title").fill("");
  await dialog.getByRole("button", { name: "Make link" }).click();
  await expect(dialog.getByText("Give the link a title.")).toBeVisible();
  await dialog.getByLabel("Title").fill(`Spring teaser ${run}`);
  await dialog.getByLabel("Expires after").selectOption("24");
  await dialog.getByLabel("Show the prompt and settings").check();
  await dialog.getByLabel("Let the viewer approve or request changes", { exact: false }).check();
  await dialog.getByRole("button", { name: "Make link" }).click();
  const url = (await dialog.getByTestId("share-url").textContent())!;
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  await expect(dialog.getByRole("list", { name: "Share links" }).getByText(`Spring teaser ${run}`)).toBeVisible();
  await shootBothThemes(mine, "share-dialog");
  await mine.keyboard.press("Escape");

  // A stranger, no cookies at all.
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  watchContextHealth(stranger);
  const outside = await stranger.newPage();
  const response = (await outside.goto(url))!;
  expect(response.status()).toBe(200);
  const csp = response.headers()["content-security-policy"]!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response.headers()["x-robots-tag"]).toContain("noindex");
  const html = await response.text();
  // (The root layout's own 404 is in every page's payload; nothing of the team is.)
  for (const secret of [member.email, member.name, "/api/tasks"]) expect(html).not.toContain(secret);
  await expect(outside.getByRole("heading", { level: 1, name: `Spring teaser ${run}` })).toBeVisible();
  await expect(outside.getByText(prompt, { exact: true })).toBeVisible();
  await expect(outside.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  const video = outside.locator("video");
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState), { timeout: 20_000 }).toBeGreaterThan(0);
  await expectNoAxeViolations(outside, "the share page");
  await shootBothThemes(outside, "share-page");

  await outside.getByRole("button", { name: "Request changes" }).click();
  await expect(outside.getByRole("alert").filter({ hasText: "Tell the team your name." })).toBeVisible();
  await outside.getByLabel("Your name").fill("Cleo from Acme");
  await outside.getByLabel("Note (optional)").fill("Make the logo bigger.");
  await outside.getByRole("button", { name: "Request changes" }).click();
  await expect(outside.getByRole("status").getByText("the team sees your request for changes", { exact: false })).toBeVisible();
  await expect(outside.getByText("by Cleo from Acme")).toBeVisible();

  // The team sees it on the task's page.
  await mine.reload();
  await expect(mine.getByTestId("review-state")).toContainText("by Cleo from Acme (through a share link)");
  await expect(mine.getByTestId("review-state")).toContainText("Make the logo bigger.");

  // An admin revokes it; the link opens nothing from then on, and says nothing about why.
  await page.goto("/admin/shares");
  const entry = page
    .getByRole("list", { name: "Share links" })
    .getByRole("listitem")
    .filter({ hasText: `Spring teaser ${run}` });
  await expect(entry.getByText("Active", { exact: true })).toBeVisible();
  await expect(entry).toContainText("1 view");
  await shootBothThemes(page, "admin-shares");
  await entry.getByRole("button", { name: `Revoke “Spring teaser ${run}”` }).click();
  await expect(entry.getByText("Revoked", { exact: true })).toBeVisible();
  const after = (await outside.goto(url))!;
  expect(after.status()).toBe(404);
  await expect(outside.getByRole("heading", { name: "This link does not open anything" })).toBeVisible();
  expect(await after.text()).not.toContain(`Spring teaser ${run}`);
  expect((await outside.request.get(url.replace("/s/", "/api/share/") + `/media/${id}`)).status()).toBe(404);
  await stranger.close();
  await context.close();
});
