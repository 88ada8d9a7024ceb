import path from "node:path";
import {
  expect,
  test,
  ADMIN_STATE,
  FIXTURES,
  chooseModel,
  expectPlayableVideo,
  openModelCatalog,
  expectTaskState,
  screenshot,
  openSentTask,
} from "./support";

// skills.video through the built-in sandbox: forms built from the models' request schemas, a video
// and an image generated from them, and the models that cannot be offered, each with the reason.

test.use({ storageState: ADMIN_STATE });

test("a skills.video video model: the form comes from its schema, and the video plays", async ({ page }) => {
  await page.goto("/generate");
  await openModelCatalog(page);
  await expect(page.getByRole("region", { name: "skills.video" }).getByText("Sandbox", { exact: true })).toBeVisible();
  await chooseModel(page, "kling-ai/kling-v2\\.6");
  await expect(page.getByTestId("chosen-model")).toContainText("skills.video");
  await expect(page.getByRole("radiogroup", { name: "Duration" }).getByRole("radio")).toHaveCount(2);
  // Choices read as words; the provider still gets its own values.
  await expect(page.getByRole("radiogroup", { name: "Quality" }).locator("label")).toHaveText(["Standard", "Pro"]);
  const audio = page.getByRole("switch", { name: "Generate audio" });
  await expect(audio).toHaveAttribute("aria-checked", "true");
  await expect(page.getByLabel("Image (optional)", { exact: true })).toBeAttached();
  const prompt = `A lighthouse in a storm, skills.video ${Date.now()}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  // No price endpoint: what Cutroom holds for it, from earlier runs of the model or the default hold.
  await expect(page.getByTestId("cost")).toHaveText(
    /^(≈ \d+ credits, from the last \d+ runs?|up to \d+ credits, the most this model has cost|up to 100 credits held \(no runs of this model yet\))$/,
  );
  await expect(page.getByText(/credits available/)).toBeVisible();
  await page.getByRole("radio", { name: "10 s", exact: true }).check();
  await audio.click();
  await expect(audio).toHaveAttribute("aria-checked", "false");
  await page.getByRole("radio", { name: "Pro", exact: true }).check();
  await screenshot(page, "generate-skills-video");
  const sent = page.waitForRequest((request) => request.method() === "POST" && new URL(request.url()).pathname === "/api/tasks");
  await page.getByRole("button", { name: "Generate" }).click();
  expect(((await sent).postDataJSON() as { input: Record<string, unknown> }).input.quality).toBe("pro");

  await openSentTask(page);
  await expect(page.getByRole("heading", { name: prompt })).toBeVisible();
  await expectTaskState(page, "Succeeded");
  await expectPlayableVideo(page);
  const input = page.locator("dl").filter({ hasText: "Generate audio" });
  await expect(input.getByText("Off", { exact: true })).toBeVisible();
  await expect(
    input
      .locator("div")
      .filter({ has: page.locator("dt", { hasText: /^Quality$/ }) })
      .locator("dd"),
  ).toHaveText("Pro");
  await expect(page.getByText("10 s", { exact: true })).toBeVisible();
  // What the provider charged, read from its usage once the task ran.
  const credits = page.locator("dl > div").filter({ has: page.locator("dt", { hasText: /^Credits$/ }) });
  await expect(credits.locator("dd")).toHaveText(/^\d+/);
});

test("a skills.video image model: reference images go up as files, and the image shows on the task page and in the gallery", async ({
  page,
}) => {
  await page.goto("/generate");
  await openModelCatalog(page);
  await page.getByRole("button", { name: "Text to image" }).click();
  // Only models that make images are offered, and the form is for one of them at once.
  await expect(page.getByRole("radio", { name: /\(i2v\)$/ })).toHaveCount(0);
  await expect(page.getByTestId("chosen-model")).toContainText(/skills\.video.*Image ·/);
  await expect(page.getByRole("radiogroup", { name: "Duration" })).toHaveCount(0);
  await chooseModel(page, "google/nano-banana-pro");
  const stamp = Date.now();
  const prompt = `A pear on a blue plate ${stamp}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByLabel("Image 1", { exact: true }).setInputFiles(path.join(FIXTURES, "square.webp"));
  await expect(page.getByText("0 of 8")).toHaveCount(0);
  await expect(page.getByText("1 of 8")).toBeVisible();
  // A second slot opens for the next image.
  await expect(page.getByLabel("Image 2", { exact: true })).toBeAttached();
  await page.getByRole("radio", { name: "16:9 landscape", exact: true }).check();
  await page.getByRole("button", { name: "Generate" }).click();

  await openSentTask(page);
  await expectTaskState(page, "Succeeded");
  const result = page.getByTestId("result-image");
  await expect(result).toBeVisible();
  await expect.poll(() => result.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(1024);
  await expect(page.getByAltText("Image 1 this task was made from")).toBeVisible();
  await screenshot(page, "task-image");

  await page.goto(`/gallery?q=${stamp}`);
  await expect(page.getByRole("button", { name: new RegExp(prompt.slice(0, 20)) }).first()).toBeVisible();
});

test("models without a published schema are listed apart, with the reason, and cannot be chosen", async ({ page }) => {
  await page.goto("/generate");
  await openModelCatalog(page);
  await expect(page.getByRole("radio", { name: /\(openai\/sora-2\)$/ })).toHaveCount(0);
  await page.getByText(/^Not available \(\d+\)$/).click();
  await expect(page.getByText("skills.video has not published this model's request schema.", { exact: false })).toBeVisible();
  await expect(page.getByText("Sora 2", { exact: true })).toBeVisible();

  // Video to video: only undocumented models do it, so none can be chosen and the page says so.
  await expect(page.getByRole("button", { name: "Video to video · none usable" })).toBeVisible();
  await page.getByRole("button", { name: "Video to video" }).click();
  await expect(page.getByText(/No model that can be used does this yet/)).toBeVisible();
  await expect(page.getByText("Kling O3 Edit", { exact: true })).toBeVisible();
});

test("an admin imports the provider's openapi.json, and the new model can be generated with", async ({ page }) => {
  await page.goto("/admin/providers");
  const card = page.getByRole("region", { name: "skills.video" });
  await expect(card.getByText(/\d+ of \d+ can be used/)).toBeVisible();
  await card.getByRole("button", { name: "Import models" }).click();
  await expect(card.getByText("Choose the provider's openapi.json first.")).toBeVisible();
  await card.getByLabel("openapi.json", { exact: true }).setInputFiles(path.join(FIXTURES, "../skills-video/openapi.json"));
  await card.getByLabel("docs.json (optional)").setInputFiles(path.join(FIXTURES, "../skills-video/docs.json"));
  await card.getByRole("button", { name: "Import models" }).click();
  await expect(card.getByText("Imported: 2 added, 1 refreshed.")).toBeVisible();
  await expect(card.getByText(/Mask Painter \(acme\/mask-painter\): no usable form/)).toBeVisible();
  await screenshot(page, "admin-providers-import");

  await page.goto("/generate");
  await chooseModel(page, "luma/ray-2");
  await expect(page.getByRole("radiogroup", { name: "Duration" }).getByRole("radio")).toHaveCount(2);
  await expect(page.getByRole("switch", { name: "Loop" })).toHaveAttribute("aria-checked", "false");
  await page.getByLabel("Prompt", { exact: true }).fill(`An imported model at work ${Date.now()}`);
  await page.getByRole("radio", { name: "9s", exact: true }).check();
  await page.getByRole("button", { name: "Generate" }).click();
  await openSentTask(page);
  await expectTaskState(page, "Succeeded");
  await expectPlayableVideo(page);
});
