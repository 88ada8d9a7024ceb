import AxeBuilder from "@axe-core/playwright";
import fs from "node:fs";
import path from "node:path";
import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
} from "@playwright/test";

export const ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
export const MEMBER = { name: "Milo Member", email: "milo@example.com", password: "member password 1" };
export const ADMIN_STATE = path.resolve(__dirname, "../.tmp/admin-state.json");
export const FIXTURES = path.resolve(__dirname, "../fixtures/images");
/** State-changing API calls must come from Cutroom's own origin. */
export const ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

// Every test of the suite fails on any Content-Security-Policy violation, and on any uncaught
// error or console error in a page (see pageHealth below): `test` here is Playwright's with
// automatic fixtures, across navigations and every page of the test's browser context. Specs
// import `test` from here.
const cspViolations = new WeakMap<Page, string[]>();

/**
 * Statuses the app answers on purpose, which tests provoke and assert on their own (a refused
 * sign-in, a page or task that is not there, a conflict, a file that is not an image, a
 * validation error, a rate limit).
 * Chromium logs every such answer to a fetch or navigation as a console error ("Failed to load
 * resource: the server responded with a status of 404 (Not Found)"); that is the network's
 * result, not the page's error. A 5xx is never expected.
 */
const EXPECTED_STATUSES = new Set([400, 401, 403, 404, 409, 413, 415, 422, 429]);

/** Why a console error is not a page problem, or null when it is one. */
function expectedConsoleError(message: ConsoleMessage): string | null {
  const text = message.text();
  const failedLoad = /^Failed to load resource: the server responded with a status of (\d{3})\b/.exec(text);
  if (failedLoad && EXPECTED_STATUSES.has(Number(failedLoad[1]))) return "an expected answer to a request";
  // A CSP violation is also logged ("Refused to load ..." or "Executing inline event handler
  // violates ..."); cspGuard fails the test on it, or a test provokes and takes it on purpose.
  if (/violates the following Content Security Policy directive/.test(text)) return "reported by cspGuard";
  return null;
}

/** The problems the running test has seen, so contexts made inside it (newMember) report there too. */
let currentProblems: string[] | null = null;

/** Listens to every page of `context` for uncaught errors and console errors. */
export function watchContextHealth(context: BrowserContext, problems: string[] | null = currentProblems): void {
  if (!problems) return;
  const where = (page: Page | null) => (page ? new URL(page.url()).pathname || page.url() : "a worker");
  context.on("weberror", (error) => problems.push(`uncaught error on ${where(error.page())}: ${error.error().message}`));
  context.on("console", (message) => {
    if (message.type() !== "error" || expectedConsoleError(message)) return;
    problems.push(`console.error on ${where(message.page())}: ${message.text().slice(0, 500)}`);
  });
}

export const test = base.extend<{ cspGuard: void; pageHealth: void }>({
  cspGuard: [
    async ({ page }, use) => {
      const seen: string[] = [];
      cspViolations.set(page, seen);
      await page.exposeBinding("__cutroomCspViolation", (_source, text: string) => void seen.push(text));
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          const report = (window as unknown as { __cutroomCspViolation?: (text: string) => void }).__cutroomCspViolation;
          report?.(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`);
        });
      });
      await use();
      expect(seen, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  // Uncaught exceptions and console errors (React reports hydration mismatches, key warnings and
  // failed effects there) in any page of the test's context fail the test when it ends, with
  // the page and the message. Expected network answers are let through (expectedConsoleError).
  pageHealth: [
    async ({ context }, use) => {
      const problems: string[] = [];
      watchContextHealth(context, problems);
      currentProblems = problems;
      // use() returns once the test is over, whether it passed or not.
      await use();
      currentProblems = null;
      expect(problems, "uncaught errors and console errors in the pages").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** The violations a page reported so far, forgotten (for a test that provokes one on purpose). */
export function takeCspViolations(page: Page): string[] {
  const seen = cspViolations.get(page) ?? [];
  return seen.splice(0, seen.length);
}

export async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/generate$/);
}

/** Picks a model card in the generate form's model picker (each card is a radio named "Label (id)"). */
/** Opens Generate's model catalog (closed, the picker shows only the chosen model). */
export async function openModelCatalog(page: Page) {
  const toggle = page.getByTestId("chosen-model");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(page.getByRole("radiogroup", { name: "Model" })).toBeVisible();
}

/** Chooses a model on Generate by its id (a regular expression's source), as a person would. */
export async function chooseModel(page: Page, id: string) {
  await openModelCatalog(page);
  // A click, not check(): choosing a card closes the catalog, so the radio is gone once checked.
  await page.getByRole("radio", { name: new RegExp(`\\(${id}\\)$`) }).click();
  await expectChosenModel(page, id);
}

/** After a Generate: the form stays with its settings and links to the task it sent; this opens it. */
export async function openSentTask(page: Page) {
  const link = page.getByRole("link", { name: "Open the task" });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
}

/** The model Generate's form is for, as its picker shows it. */
export async function expectChosenModel(page: Page, id: string) {
  await expect(page.getByTestId("chosen-model")).toContainText(new RegExp(`\\(${id}\\)`));
}

const SCREEN_DIR = path.resolve(__dirname, "../../test-results/screenshots");
const WIDTHS = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

/**
 * Saves full-page screenshots of the page as it is now at desktop (1440 px) and phone (390 px)
 * widths, into test-results/screenshots, for a person to look at. Restores the viewport after.
 */
export async function screenshot(page: Page, name: string) {
  const before = page.viewportSize();
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    // Let layout settle after the resize (virtualized grids re-measure on resize).
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(SCREEN_DIR, `${name}-${label}.png`), fullPage: true, animations: "disabled" });
  }
  if (before) await page.setViewportSize(before);
}

/** Screenshots in the light and the dark theme (the app follows the system's by default). */
export async function shootBothThemes(page: Page, name: string) {
  await page.emulateMedia({ colorScheme: "light" });
  await screenshot(page, name);
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: "light" });
}

export async function expectNoAxeViolations(page: Page, label: string) {
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    const audit = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const problems = audit.violations.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
    expect(problems, `${label} in the ${theme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Creates a task through Cutroom's API as the page's signed-in user; returns its id. */
export async function createTaskViaApi(page: Page, model: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const response = await page.request.post("/api/tasks", {
    data: { provider: "aivideomaker", model, input, ...extra },
    headers: { origin: ORIGIN },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { task: { id: string } }).task.id;
}

/** Cancels tasks through Cutroom's API (clean-up after tests that leave tasks queued). */
export async function cancelViaApi(page: Page, ids: string[]) {
  for (const id of ids) {
    await page.request.post(`/api/tasks/${id}/cancel`, { headers: { origin: ORIGIN } });
  }
}

/** Waits until the task page shows `state`, then returns the task id from the URL. */
export async function expectTaskState(page: Page, state: string, timeout = 45_000): Promise<string> {
  await expect(page.getByTestId("task-state").first()).toHaveText(state, { timeout });
  return page.url().split("/").pop()!;
}

/** The result player must have loaded real media: enough data to play, and a real duration. */
export async function expectPlayableVideo(page: Page) {
  const video = page.getByTestId("result-video");
  await expect(video).toBeVisible();
  await expect
    .poll(async () => video.evaluate((element: HTMLVideoElement) => ({ ready: element.readyState, duration: element.duration })), {
      timeout: 20_000,
    })
    .toMatchObject({ ready: expect.any(Number) });
  await expect
    .poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState >= 2 && element.duration > 0), { timeout: 20_000 })
    .toBe(true);
}

export async function openUserMenu(page: Page) {
  await page.getByRole("button", { name: /^Account menu:/ }).click();
}

/** Adds a member through the admin API (as `adminRequest`), then signs them in in a browser context of their own. */
export async function newMember(browser: Browser, adminRequest: APIRequestContext) {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const member = { name: `Tara ${stamp}`, email: `tara${stamp}@example.com`, password: "tara password 1" };
  const created = await adminRequest.post("/api/admin/users", { data: { ...member, role: "member" }, headers: { origin: ORIGIN } });
  expect(created.status()).toBe(201);
  // Not the admin's saved session, which the test file's `storageState` would otherwise apply here too.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  watchContextHealth(context);
  const page = await context.newPage();
  await signIn(page, member);
  return { member, page, context };
}

const ROOT = path.resolve(__dirname, "../..");

export type BuiltRoute = { route: string; file: string; methods: string[] };

/**
 * Every route of the production build, from its route manifest (so a new route cannot escape the
 * tests that walk them): pages, and API routes with the HTTP methods their file exports.
 */
export function builtRoutes(): { pages: BuiltRoute[]; api: BuiltRoute[] } {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const pages: BuiltRoute[] = [];
  const api: BuiltRoute[] = [];
  for (const [file, route] of Object.entries(manifest)) {
    if (file.endsWith("/page")) pages.push({ route, file, methods: ["GET"] });
    if (!file.endsWith("/route") || !route.startsWith("/api/")) continue;
    const source = fs.readFileSync(path.join(ROOT, "app", `${file}.ts`), "utf8");
    const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((method) =>
      new RegExp(`export (const|async function|function) ${method}\\b|as ${method}\\b`).test(source),
    );
    api.push({ route, file, methods });
  }
  return { pages, api };
}
