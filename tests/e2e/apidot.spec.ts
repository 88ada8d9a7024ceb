import path from "node:path";
import {
  expect,
  test,
  ADMIN_STATE,
  FIXTURES,
  ORIGIN,
  chooseModel,
  openModelCatalog,
  expectPlayableVideo,
  expectTaskState,
  screenshot,
  openSentTask,
} from "./support";

// APIDot through the built-in sandbox: an image-to-video task from an upload, which the sandbox
// fetches through Cutroom's signed link (it refuses a link that does not give it the image); the
// provider's own progress on the task page; the cross-field rules inline; no cancel at the provider.

test.use({ storageState: ADMIN_STATE });

/** Sets the APIDot sandbox's knobs through its control plane (the sandbox key is the e2e canary). */
async function setApidotFaults(request: import("@playwright/test").APIRequestContext, faults: Record<string, unknown>) {
  const response = await request.put(`${ORIGIN}/api/sandbox/apidot/_sandbox/faults`, {
    data: faults,
    headers: { authorization: `Bearer ${process.env.E2E_KEY_CANARY}` },
  });
  expect(response.ok()).toBe(true);
}

test.afterEach(async ({ request }) => {
  await setApidotFaults(request, {});
});

test("an APIDot image-to-video task from an upload: sent as a signed link, with the provider's progress, and the video plays", async ({
  page,
  request,
}) => {
  // The sandbox answers this task in the shape that carries `progress`.
  await setApidotFaults(request, { resultShape: "files" });
  await page.goto("/generate");
  await openModelCatalog(page);
  await page.getByRole("button", { name: "Image to video" }).click();
  await expect(page.getByRole("region", { name: "APIDot" }).getByText("Sandbox", { exact: true })).toBeVisible();
  await chooseModel(page, "seedance-2-fast");
  const prompt = `A paper boat drifting, APIDot ${Date.now()}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("radio", { name: "480p", exact: true }).check();
  await page.getByLabel("First and last frame 1", { exact: true }).setInputFiles(path.join(FIXTURES, "landscape.jpg"));
  await expect(page.getByText("1 of 2")).toBeVisible();
  // No price endpoint: what Cutroom holds for it, from earlier runs of the model or the default hold.
  await expect(page.getByTestId("cost")).toHaveText(
    /^(≈ \d+ credits, from the last \d+ runs?|up to \d+ credits, the most this model has cost|up to 100 credits held \(no runs of this model yet\))$/,
  );
  await screenshot(page, "generate-apidot");
  await page.getByRole("button", { name: "Generate" }).click();

  await openSentTask(page);
  await expect(page.getByRole("heading", { name: prompt })).toBeVisible();
  // While it runs, the bar follows the percentage APIDot reports.
  await expect(page.getByRole("progressbar", { name: "Progress reported by APIDot" })).toBeVisible({ timeout: 30_000 });
  await expectTaskState(page, "Succeeded");
  await expectPlayableVideo(page);
  await expect(page.getByAltText(/this task was made from$/).first()).toBeVisible();
  await screenshot(page, "task-apidot");
});

test("APIDot's rules show on the fields, and a queued task says it cannot be cancelled there", async ({ page, browser }) => {
  await page.goto("/generate");
  await chooseModel(page, "veo3\\.1-fast");
  await page.getByLabel("Prompt", { exact: true }).fill("A miniature city waking up");
  await page.getByRole("radio", { name: "First and last frame (1-2 images)" }).check();
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Add at least one image for this image mode.")).toBeVisible();
  await expect(page).toHaveURL(/\/generate/);

  await chooseModel(page, "seedance-2");
  const tag = `held${Date.now()}`;
  const prompt = `Held at APIDot ${tag} [sandbox:hold]`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("button", { name: "Generate" }).click();
  await openSentTask(page);
  await expectTaskState(page, "Queued");
  await expect(page.getByText("APIDot offers no way to cancel a task it has accepted, so it runs to the end there.").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /cancel/i }).first()).toBeDisabled();
  // On a touch screen the task list says why as text too: there is no hover for its tooltip.
  const touch = await browser.newContext({
    storageState: ADMIN_STATE,
    baseURL: ORIGIN,
    hasTouch: true,
    viewport: { width: 390, height: 844 },
  });
  const phone = await touch.newPage();
  await phone.goto(`/tasks?q=${tag}`);
  const reason = phone
    .locator("li[data-task-id]")
    .filter({ hasText: tag })
    .getByText("APIDot offers no way to cancel a task it has accepted");
  await expect(reason).toBeVisible();
  expect((await reason.boundingBox())!.width).toBeGreaterThan(100);
  await touch.close();
  // It runs to the end at the provider (released from its hold, so nothing stays in flight).
  const released = await page.request.post(`${ORIGIN}/api/sandbox/apidot/_sandbox/release`, {
    headers: { authorization: `Bearer ${process.env.E2E_KEY_CANARY}` },
  });
  expect((await released.json()).released).toBeGreaterThan(0);
  await expectTaskState(page, "Succeeded");
});
