import { expect, test, ADMIN_STATE, chooseModel, expectTaskState } from "./support";

// The provider key lives on the server only: no page, API answer or browser bundle may contain it.
const canary = process.env.E2E_KEY_CANARY!;

test.use({ storageState: ADMIN_STATE });

test("the provider key never reaches the browser", async ({ page }) => {
  expect(canary).toMatch(/^canary_/);
  // The canary really is the server's provider key: the sandbox accepts it and nothing else.
  expect((await page.request.get("/api/sandbox/aivideomaker/api/v1/account", { headers: { key: canary } })).status()).toBe(200);
  expect((await page.request.get("/api/sandbox/aivideomaker/api/v1/account", { headers: { key: "sandbox" } })).status()).toBe(401);
  const leaks: string[] = [];
  page.on("response", async (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!/json|html|javascript|text|x-component/.test(type)) return;
    const body = await response.text().catch(() => "");
    if (body.includes(canary)) leaks.push(response.url());
  });

  await page.goto("/generate");
  await chooseModel(page, "t2v");
  await page.getByLabel("Prompt").fill("Key check");
  await expect(page.getByTestId("cost")).toHaveText("5 credits");
  await page.getByRole("button", { name: "Generate" }).click();
  await expectTaskState(page, "Succeeded");
  for (const target of ["/tasks", "/admin/users", "/api/tasks", "/api/health", "/api/admin/users", page.url()]) {
    const response = await page.goto(target);
    expect(await response!.text()).not.toContain(canary);
  }
  expect(leaks).toEqual([]);

  // The build itself, every route and the server log are audited after the suite (leaks.audit.ts).
});
