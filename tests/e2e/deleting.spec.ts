import { expect, test, ADMIN_STATE, createTaskViaApi, newMember, shootBothThemes } from "./support";

// Deleting an output from its page (after a confirmation) takes it out of every view at once;
// an admin finds it under Admin > Deleted and restores it while its files are kept.

test.use({ storageState: ADMIN_STATE });

test("a member deletes their output from its page, and an admin restores it from Deleted", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const { page: mine, context } = await newMember(browser, page.request);
  const prompt = `Delete me ${Date.now().toString(36)}`;
  const id = await createTaskViaApi(mine, "t2v", { prompt, aspectRatio: "16:9", duration: "5" });
  await expect
    .poll(async () => (await (await mine.request.get(`/api/tasks/${id}`)).json()).task.media?.posterUrl ?? null, {
      timeout: 150_000,
      intervals: [2000],
    })
    .not.toBeNull();

  await mine.goto(`/tasks/${id}`);
  await mine.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = mine.getByRole("dialog", { name: "Delete this output?" });
  await expect(dialog.getByText("An admin can restore it for 7 days", { exact: false })).toBeVisible();
  // Keeping it changes nothing.
  await dialog.getByRole("button", { name: "Keep as it is" }).click();
  await expect(dialog).toBeHidden();
  await mine.getByRole("button", { name: "Delete", exact: true }).click();
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(mine).toHaveURL(/\/tasks$/);
  await expect(mine.getByRole("status").getByText("Output deleted")).toBeVisible();
  await expect(mine.getByRole("link", { name: prompt })).toHaveCount(0);
  expect((await mine.request.get(`/api/tasks/${id}`)).status()).toBe(404);
  await mine.goto("/gallery");
  await expect(mine.getByRole("button", { name: `Open: ${prompt}` })).toHaveCount(0);

  // A member has no Deleted page; an admin does, and restores it.
  expect((await mine.request.get("/api/admin/deleted")).status()).toBe(403);
  await page.goto("/admin/deleted");
  const entry = page.getByRole("list", { name: "Deleted outputs" }).getByRole("listitem").filter({ hasText: prompt });
  await expect(entry.getByText("Files kept until", { exact: false })).toBeVisible();
  await shootBothThemes(page, "admin-deleted");
  await entry.getByRole("button", { name: `Restore “${prompt}”` }).click();
  await expect(page.getByRole("list", { name: "Deleted outputs" }).getByText(prompt)).toHaveCount(0);
  await mine.goto(`/tasks/${id}`);
  await expect(mine.getByRole("heading", { level: 1, name: prompt })).toBeVisible();
  await context.close();
});
