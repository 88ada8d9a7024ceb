import AxeBuilder from "@axe-core/playwright";
import { type Page } from "@playwright/test";
import { expect, test, ADMIN_STATE, cancelViaApi, createTaskViaApi, screenshot } from "./support";

// Everywhere: the app shell, themes, phone widths, keyboard use, labels, and polling that stops
// when nothing is in flight or the tab is hidden.

test.use({ storageState: ADMIN_STATE });

const PAGES = [
  "/generate",
  "/tasks",
  "/gallery",
  "/projects",
  "/admin/users",
  "/admin/queue",
  "/admin/providers",
  "/admin/webhooks",
  "/admin/deleted",
  "/admin/shares",
];

/** API calls the page makes during `ms` (only Cutroom's own API; pages, posters and media excluded). */
async function apiCallsDuring(page: Page, ms: number): Promise<string[]> {
  const calls: string[] = [];
  const listener = (request: { url: () => string }) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/") && !url.pathname.startsWith("/api/media/")) calls.push(url.pathname + url.search);
  };
  page.on("request", listener);
  await page.waitForTimeout(ms);
  page.off("request", listener);
  return calls;
}

async function hideTab(page: Page) {
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
}

test("navigation and the user menu work from the keyboard, with visible focus", async ({ page }) => {
  await page.goto("/generate");
  const nav = page.getByRole("navigation", { name: "Main" }).first();
  for (const [name, path] of [
    ["Tasks", "/tasks"],
    ["Gallery", "/gallery"],
    ["Projects", "/projects"],
    ["Admin", "/admin/users"],
    ["Generate", "/generate"],
  ]) {
    await nav.getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(nav.getByRole("link", { name })).toHaveAttribute("aria-current", "page");
  }

  // Tab from the top of the page: the first stops are the logo, the nav links, then the menu.
  await page.keyboard.press("Tab");
  const focusRing = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return { tag: element.tagName, outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 };
    });
  expect(await focusRing()).toEqual({ tag: "A", outline: true });
  const menu = page.getByRole("button", { name: /^Account menu:/ });
  await menu.focus();
  expect((await focusRing()).outline).toBe(true);
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByText("ada@example.com")).toBeVisible();
  await screenshot(page, "user-menu");
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test("light and dark themes: system by default, a toggle that sticks", async ({ page }) => {
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/tasks");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  const darkSystem = await background();
  await page.emulateMedia({ colorScheme: "light" });
  const lightSystem = await background();
  expect(darkSystem).not.toBe(lightSystem);

  await page.getByRole("button", { name: /^Account menu:/ }).click();
  await page.getByRole("radio", { name: "Dark" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await background()).toBe(darkSystem);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await background()).toBe(darkSystem);
  for (const path of ["/generate", "/tasks", "/gallery", "/admin/providers"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await screenshot(page, `dark${path.replaceAll("/", "-")}`);
  }
  await page.getByRole("button", { name: /^Account menu:/ }).click();
  await page.getByRole("radio", { name: "System" }).check();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
});

test("every page fits a 375 px phone and passes an accessibility audit in both themes", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const path of PAGES) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
      const audit = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const problems = audit.violations.map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
      );
      expect(problems, `${path} in the ${theme} theme`).toEqual([]);
    }
  }
});

test("polling stops when nothing is in flight, and a hidden tab makes no requests at all", async ({ page }) => {
  for (const path of ["/tasks", "/gallery", "/generate"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await apiCallsDuring(page, 6000), `${path} with nothing in flight`).toEqual([]);
  }

  // With a task in flight, the task page and the task list poll, until the tab is hidden.
  const id = await createTaskViaApi(page, "t2v", {
    prompt: `Polling check ${Date.now()} [sandbox:hold]`,
    aspectRatio: "16:9",
    duration: "5",
  });
  await page.goto(`/tasks/${id}`);
  expect((await apiCallsDuring(page, 5000)).length).toBeGreaterThan(0);
  await hideTab(page);
  await page.waitForTimeout(500);
  expect(await apiCallsDuring(page, 8000), "a hidden task page").toEqual([]);
  await page.goto("/tasks");
  expect((await apiCallsDuring(page, 6000)).length).toBeGreaterThan(0);
  await hideTab(page);
  await page.waitForTimeout(500);
  expect(await apiCallsDuring(page, 10_000), "a hidden task list").toEqual([]);
  await cancelViaApi(page, [id]);
});
