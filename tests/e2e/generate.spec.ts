import path from "node:path";
import {
  expect,
  test,
  ADMIN_STATE,
  FIXTURES,
  chooseModel,
  expectChosenModel,
  expectPlayableVideo,
  expectTaskState,
  openSentTask,
  screenshot,
} from "./support";

test.use({ storageState: ADMIN_STATE });

test("Generate is a workspace: the prompt is in view, a sent task joins the feed at once and plays there, the form keeps its settings", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/generate");
  await chooseModel(page, "t2v");
  await expect(page.getByLabel("Prompt")).toBeInViewport();
  const prompt = `A kite over the dunes ${Date.now()}`;
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("radio", { name: "5 s" }).check();
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByRole("link", { name: "Open the task" })).toBeVisible();
  await expect(page).toHaveURL(/\/generate$/);
  await expect(page.getByLabel("Prompt")).toHaveValue(prompt);
  await expect(page.getByRole("radio", { name: "5 s" })).toBeChecked();
  const item = page.getByRole("list", { name: "Your recent tasks" }).getByRole("listitem").first();
  await expect(item).toContainText(prompt);
  // The result plays where it is, with Download and Re-run beside it.
  await expect(item.locator("video")).toBeVisible({ timeout: 60_000 });
  await expect(item.getByRole("link", { name: /^Download/ })).toHaveAttribute("href", /\/api\/media\/.+download=1/);
  await screenshot(page, "generate-workspace");
  await item.getByRole("link", { name: /^Re-run/ }).click();
  await expect(page).toHaveURL(/\/generate\?from=[0-9a-f-]{36}$/);
  await expect(page.getByText("Filled in from an earlier task.")).toBeVisible();
  await expect(page.getByLabel("Prompt")).toHaveValue(prompt);
});

test("Use last frame: a finished video's last frame starts the next video, on a model that takes an image", async ({ page }) => {
  await page.goto("/generate");
  await chooseModel(page, "t2v");
  const prompt = `A lighthouse at dusk ${Date.now()}`;
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("button", { name: "Generate" }).click();
  const item = page.getByRole("list", { name: "Your recent tasks" }).getByRole("listitem").filter({ hasText: prompt });
  await expect(item.locator("video")).toBeVisible({ timeout: 60_000 });
  await item.getByRole("button", { name: /^Use last frame/ }).click();
  await expect(page).toHaveURL(/\/generate\?image=[0-9a-f-]{36}$/);
  await expect(page.getByText("Starting from an earlier result.")).toBeVisible();
  // The frame is an image of mine now, in the first image field of an image-to-video model.
  await expect(page.getByText(`Last frame of ${prompt}.png`)).toBeVisible();
  await expect(page.getByAltText("Chosen image")).toBeVisible();
  await expectChosenModel(page, "i2v");
  await page.getByLabel(/^Prompt/).fill("The light turns on");
  await page.getByRole("button", { name: "Generate" }).click();
  await openSentTask(page);
  await expect(page.getByAltText("The image this video starts from")).toBeVisible();
});

test("text to video: the form shows the model's fields and price, and the task plays when done", async ({ page }) => {
  await page.goto("/generate");
  await chooseModel(page, "t2v");
  await expect(page.getByText("Sandbox", { exact: true }).first()).toBeVisible();
  await expect(page.getByLabel("Prompt")).toBeVisible();
  await expect(page.getByRole("radiogroup", { name: "Aspect ratio" })).toBeVisible();
  await expect(page.getByRole("radiogroup", { name: "Duration" }).getByRole("radio")).toHaveCount(2);
  await expect(page.getByLabel("Image", { exact: true })).toHaveCount(0);

  // Submitting empty shows the field's own message and sends nothing.
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Enter a prompt.")).toBeVisible();
  await expect(page).toHaveURL(/\/generate$/);

  const prompt = `A paper boat drifting down a rainy street ${Date.now()}`;
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("radio", { name: "9:16 portrait" }).check();
  await page.getByRole("radio", { name: "8 s" }).check();
  // The sandbox prices t2v at 3 credits a second, the rate measured live.
  await expect(page.getByTestId("cost")).toHaveText("24 credits");

  await page.getByRole("button", { name: "Generate" }).click();
  await openSentTask(page);
  await expect(page.getByRole("heading", { name: prompt })).toBeVisible();
  await expect(page.getByTestId("elapsed")).toBeVisible();
  await expectTaskState(page, "Succeeded");
  await expectPlayableVideo(page);

  // Seeking works: the archived copy is served with Range requests.
  await expect.poll(() => page.getByTestId("result-video").evaluate((video: HTMLVideoElement) => video.src)).toMatch(/\/api\/media\//);
  await expect
    .poll(async () => {
      const taskId = page.url().split("/").pop();
      return (await page.request.get(`/api/tasks/${taskId}`))
        .json()
        .then((body) => body.task.events.some((event: { kind: string }) => event.kind === "archive"));
    })
    .toBe(true);
  await page.reload();
  await expectPlayableVideo(page);
  const seeked = await page.getByTestId("result-video").evaluate(
    (video: HTMLVideoElement) =>
      new Promise<number>((resolve, reject) => {
        video.addEventListener("seeked", () => resolve(video.currentTime), { once: true });
        video.addEventListener("error", () => reject(new Error("media error")), { once: true });
        video.currentTime = 3;
      }),
  );
  expect(seeked).toBeGreaterThan(2.5);
  const mediaUrl = await page.getByTestId("result-video").evaluate((video: HTMLVideoElement) => video.src);
  const partial = await page.request.get(mediaUrl, { headers: { range: "bytes=1000-1999" } });
  expect(partial.status()).toBe(206);
  expect(partial.headers()["content-range"]).toMatch(/^bytes 1000-1999\/\d+$/);
  // The part is those bytes of the whole file (an 8 s clip the sandbox cut for this request).
  const whole = Buffer.from(await (await page.request.get(mediaUrl)).body());
  expect(whole.length).toBeGreaterThan(2000);
  expect(Buffer.from(await partial.body()).equals(whole.subarray(1000, 2000))).toBe(true);

  const download = page.getByRole("link", { name: "Download" });
  await expect(download).toHaveAttribute("href", /\/api\/media\/.+\?download=1$/);
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^cutroom-t2v-[0-9a-f]{8}\.mp4$/);

  await page.getByRole("link", { name: "All tasks" }).click();
  const row = page.locator("tr", { hasText: prompt });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("task-state")).toHaveText("Succeeded");
  await expect(row).toContainText("Text to video");
  await expect(row).toContainText("Ada Admin");
});

test("image to video from an uploaded image", async ({ page }) => {
  await page.goto("/generate");
  await chooseModel(page, "i2v");
  await expect(page.getByRole("radiogroup", { name: "Aspect ratio" })).toHaveCount(0);
  await page.getByLabel("Image", { exact: true }).setInputFiles(path.join(FIXTURES, "portrait.png"));
  await expect(page.getByText("360 × 640")).toBeVisible();
  await expect(page.getByAltText("Chosen image")).toBeVisible();
  await page.getByLabel("Prompt (optional)").fill("The sky slowly turns to dusk");
  await expect(page.getByTestId("cost")).toHaveText("15 credits");
  await page.getByRole("button", { name: "Generate" }).click();
  await openSentTask(page);
  await expect(page.getByAltText("The image this video starts from")).toBeVisible();
  await expectTaskState(page, "Succeeded");
  await expectPlayableVideo(page);
});

test("a file that is not an image is refused with a clear message", async ({ page }) => {
  await page.goto("/generate");
  await chooseModel(page, "i2v");
  await page
    .getByLabel("Image", { exact: true })
    .setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("<html>not an image</html>") });
  await expect(page.getByText("This file is not a PNG, JPEG or WebP image.")).toBeVisible();
});

test("long video: segments are added and removed, and the total length follows", async ({ page }) => {
  await page.goto("/generate");
  await chooseModel(page, "lv");
  await page.getByLabel("Image", { exact: true }).setInputFiles(path.join(FIXTURES, "landscape.jpg"));
  await expect(page.getByText("640 × 360")).toBeVisible();
  await page.getByLabel("Segment 1 prompt").fill("A train leaves the station");
  await page.getByRole("button", { name: "Add segment" }).click();
  await page.getByLabel("Segment 2 prompt").fill("It crosses a bridge at sunset");
  await page.getByRole("button", { name: "Add segment" }).click();
  await expect(page.getByText("3 of 6 · 15 s in all")).toBeVisible();
  await page.getByRole("button", { name: "Remove segment 3" }).click();
  await expect(page.getByText("2 of 6 · 10 s in all")).toBeVisible();
  // lv costs prompts x 5 x 15 on the vendor's page.
  await expect(page.getByTestId("cost")).toHaveText("150 credits");
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Add segment" }).click();
  await expect(page.getByRole("button", { name: "Add segment" })).toBeDisabled();
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Write a prompt for this segment or remove it.").first()).toBeVisible();
});

test("a failed generation says why and what to do next", async ({ page }) => {
  await page.goto("/generate");
  await chooseModel(page, "t2v");
  await page.getByLabel("Prompt").fill("This one should fail [sandbox:fail]");
  await page.getByRole("button", { name: "Generate" }).click();
  await openSentTask(page);
  await expectTaskState(page, "Failed");
  await expect(page.getByText("This task failed.")).toBeVisible();
  await expect(page.getByText(/failed this task on purpose/)).toBeVisible();
  await expect(page.getByText(/Remove it and re-run/)).toBeVisible();
  await expect(page.getByText(/15 refunded/)).toBeVisible();
});
