import type { Response } from "@playwright/test";
import { expect, test, ADMIN_STATE, chooseModel, expectTaskState, openSentTask } from "./support";

// The provider key lives on the server only: no page, API answer or browser bundle may contain it.
const canary = process.env.E2E_KEY_CANARY!;

test.use({ storageState: ADMIN_STATE });

test("the provider key never reaches the browser", async ({ page }) => {
  expect(canary).toMatch(/^canary_/);
  // The canary really is the server's provider key: the sandbox accepts it and nothing else.
  expect((await page.request.get("/api/sandbox/aivideomaker/api/v1/account", { headers: { key: canary } })).status()).toBe(200);
  expect((await page.request.get("/api/sandbox/aivideomaker/api/v1/account", { headers: { key: "sandbox" } })).status()).toBe(401);
  // Every answer's body is read as it comes; the reads are kept so that the check below waits for
  // all of them instead of looking at whichever happened to have finished.
  const reads: Promise<string | null>[] = [];
  const readBody = async (response: Response): Promise<string | null> => {
    const type = response.headers()["content-type"] ?? "";
    if (!/json|html|javascript|text|x-component/.test(type)) return null;
    // A body the browser no longer holds (a redirect, a page navigated away from) cannot leak here.
    const body = await response.text().catch(() => "");
    return body.includes(canary) ? response.url() : null;
  };
  const watch = (response: Response) => void reads.push(readBody(response));
  page.on("response", watch);

  await page.goto("/generate");
  await chooseModel(page, "t2v");
  await page.getByLabel("Prompt").fill("Key check");
  await expect(page.getByTestId("cost")).toHaveText("15 credits");
  await page.getByRole("button", { name: "Generate" }).click();
  await openSentTask(page);
  await expectTaskState(page, "Succeeded");
  for (const target of ["/tasks", "/admin/users", "/api/tasks", "/api/health", "/api/admin/users", page.url()]) {
    const response = await page.goto(target);
    expect(await response!.text()).not.toContain(canary);
  }
  page.off("response", watch);
  expect(reads.length).toBeGreaterThan(0);
  expect((await Promise.all(reads)).filter((url) => url !== null)).toEqual([]);

  // The build itself, every route and the server log are audited after the suite (leaks.audit.ts).
});
