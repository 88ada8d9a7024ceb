import fs from "node:fs";
import { type Page } from "@playwright/test";
import { readZip } from "../support/read-zip";
import { expect, test, ADMIN_STATE, createTaskViaApi, newMember, screenshot } from "./support";

// Bulk download in the browser: in the gallery, "Select to download" turns the cards into
// choices, and the bar's link downloads the chosen outputs as one zip with its manifest.

test.use({ storageState: ADMIN_STATE });

async function waitForOutputs(page: Page, ids: string[]) {
  await expect
    .poll(
      async () => {
        const tasks = await Promise.all(ids.map(async (id) => (await (await page.request.get(`/api/tasks/${id}`)).json()).task));
        return tasks.filter((task) => task.media?.posterUrl).length;
      },
      { timeout: 150_000, intervals: [2000] },
    )
    .toBe(ids.length);
}

test("choose outputs in the gallery and download them as one zip with a manifest", async ({ page, browser }) => {
  test.setTimeout(200_000);
  const run = Date.now().toString(36);
  const { page: mine, context } = await newMember(browser, page.request);
  const prompts = [`Zip one ${run}`, `Zip two ${run}`, `Zip three ${run}`];
  const ids = [];
  for (const prompt of prompts) ids.push(await createTaskViaApi(mine, "t2v", { prompt, aspectRatio: "16:9", duration: "5" }));
  await waitForOutputs(mine, ids);

  await mine.goto(`/gallery?q=${run}`);
  await expect(mine.getByRole("button", { name: `Open: ${prompts[0]}` })).toBeVisible();
  await mine.getByRole("button", { name: "Select to download" }).click();
  const bar = mine.getByRole("region", { name: "Chosen outputs" });
  await expect(bar).toContainText("Choose the outputs to download");
  await mine.getByRole("button", { name: `Choose: ${prompts[0]}` }).click();
  await mine.getByRole("button", { name: `Choose: ${prompts[2]}` }).click();
  await expect(mine.getByRole("button", { name: `Choose: ${prompts[0]}` })).toHaveAttribute("aria-pressed", "true");
  await expect(bar).toContainText("2 chosen");
  // Choosing does not open the player.
  await expect(mine.getByRole("dialog")).toHaveCount(0);
  await screenshot(mine, "gallery-select-zip");
  const download = mine.waitForEvent("download");
  await bar.getByRole("link", { name: "Download 2 as zip" }).click();
  const file = await (await download).path();
  const entries = await readZip(fs.readFileSync(file!));
  expect([...entries.keys()][0]).toBe("manifest.csv");
  expect(entries.size).toBe(3);
  const manifest = entries.get("manifest.csv")!.data.toString("utf8");
  expect(manifest).toContain(prompts[0]);
  expect(manifest).toContain(prompts[2]);
  expect(manifest).not.toContain(prompts[1]);
  await bar.getByRole("button", { name: "Done" }).click();
  await expect(mine.getByRole("button", { name: `Open: ${prompts[0]}` })).toBeVisible();
  await context.close();
});
