import { expect, test, ADMIN_STATE, cancelViaApi, createTaskViaApi, newMember, screenshot } from "./support";

// The task table: filters and search kept in the URL, sorting, keyset pages, and the admin's bulk
// cancel with what happened to each task.

test.use({ storageState: ADMIN_STATE });

test("filters, search and sort live in the URL; pages go by keyset; a shared link shows the same view", async ({ page, browser }) => {
  const tag = `tbl${Date.now()}`;
  await page.goto("/tasks");
  const mine: string[] = [];
  for (let i = 1; i <= 26; i++) {
    mine.push(
      await createTaskViaApi(page, i % 2 ? "t2v" : "t2v_v3", {
        prompt: `${tag} row ${i} [sandbox:hold]`,
        aspectRatio: "16:9",
        duration: "5",
      }),
    );
  }
  const { member, page: memberPage, context } = await newMember(browser, page.request);
  const theirs = await createTaskViaApi(memberPage, "t2v", {
    prompt: `${tag} member row [sandbox:hold]`,
    aspectRatio: "1:1",
    duration: "5",
  });
  await page.reload();

  // Search: typing filters the table and lands in the URL.
  await page.getByLabel("Search prompts").fill(tag);
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toContainText(`${tag} member row`);
  const count = page.getByTestId("task-count");
  await expect(count).toHaveText("27 tasks match");
  await expect(page.getByRole("button", { name: "Previous page" })).toHaveCount(0);
  await screenshot(page, "tasks-filtered");

  // Keyset pages: 27 matches are 25 and then 2; the count is of every page, not this one.
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows).toHaveCount(2);
  await expect(rows.last()).toContainText(`${tag} row 1 `);
  await expect(count).toHaveText("27 tasks match");
  await expect(page.getByRole("button", { name: "Next page" })).toHaveCount(0);
  // A later page's link opens that page for someone else, and their Previous leads to the first.
  const later = await page.context().newPage();
  await later.goto(page.url());
  await expect(later.locator("tbody tr")).toHaveCount(2);
  await later.getByRole("button", { name: "Previous page" }).click();
  await expect(later.locator("tbody tr")).toHaveCount(25);
  await expect(later.locator("tbody tr").first()).toContainText(`${tag} member row`);
  await expect(later.getByRole("button", { name: "Previous page" })).toHaveCount(0);
  await later.close();
  // Previous goes back to the page this one was reached from; the browser's Back returns.
  await page.getByRole("button", { name: "Previous page" }).click();
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toContainText(`${tag} member row`);
  await expect(page.getByRole("button", { name: "Next page" })).toBeVisible();
  await page.goBack();
  await expect(rows).toHaveCount(2);
  await page.getByRole("button", { name: "First page" }).click();
  await expect(rows).toHaveCount(25);

  // Oldest first.
  await page.getByLabel("Sort").selectOption("created:asc");
  await expect(page).toHaveURL(/dir=asc/);
  await expect(rows.first()).toContainText(`${tag} row 1 `);

  // Model, owner, state and dates.
  await page.getByLabel("Sort").selectOption("created:desc");
  await page.getByLabel("Model").selectOption("t2v_v3");
  await expect(rows).toHaveCount(13);
  await expect(count).toHaveText("13 tasks match");
  for (const text of await rows.allTextContents()) expect(text).toContain("Text to video V3");
  await page.getByLabel("Model").selectOption("");
  await page.getByLabel("Owner").selectOption({ label: member.name });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(member.name);
  await page.getByRole("button", { name: "Queued", exact: true }).click();
  await expect(page.getByRole("button", { name: "Queued", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/state=queued/);
  await expect(rows).toHaveCount(1);

  const shared = page.url();
  const other = await page.context().newPage();
  await other.goto(shared);
  await expect(other.getByLabel("Search prompts")).toHaveValue(tag);
  await expect(other.getByLabel("Owner")).toHaveValue(/[0-9a-f-]{36}/);
  await expect(other.getByRole("button", { name: "Queued", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(other.locator("tbody tr")).toHaveCount(1);
  await other.close();

  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, "0")}-${String(tomorrow.getDate()).padStart(2, "0")}`;
  await page.getByLabel("From").fill(day);
  await expect(page.getByText("No tasks match these filters.")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByLabel("Search prompts")).toHaveValue("");

  await cancelViaApi(page, [...mine, theirs]);
  await context.close();
});

test("a model whose name two providers use carries its provider in the table and the model filter", async ({ page }) => {
  const tag = `same${Date.now()}`;
  await page.goto("/tasks");
  const veo = { prompt: `${tag} veo [sandbox:hold]`, aspect_ratio: "16:9", resolution: "720p" };
  const ids = [
    await createTaskViaApi(page, "google/veo-3.1-lite", veo, { provider: "skills-video" }),
    await createTaskViaApi(page, "veo3.1-lite", veo, { provider: "apidot" }),
  ];
  await page.goto(`/tasks?q=${tag}`);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("task-count")).toHaveText("2 tasks match");
  await expect(rows.locator("td:nth-child(3)")).toHaveText([/^Veo 3\.1 Lite · APIDot/, /^Veo 3\.1 Lite · skills\.video/]);
  // A name only one provider uses stays as it is.
  await expect(page.getByLabel("Model").locator("option", { hasText: /^Text to video V3$/ })).toHaveCount(1);
  await page.getByLabel("Model").selectOption({ label: "Veo 3.1 Lite · skills.video" });
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("task-count")).toHaveText("1 task matches");
  await expect(rows.first()).toContainText("Veo 3.1 Lite · skills.video");
  await cancelViaApi(page, ids);
});

test("an admin cancels many queued tasks at once and sees what happened to each", async ({ page }) => {
  const tag = `bulk${Date.now()}`;
  await page.goto("/tasks");
  const ids: string[] = [];
  for (let i = 1; i <= 3; i++) {
    ids.push(await createTaskViaApi(page, "t2v", { prompt: `${tag} queued ${i} [sandbox:hold]`, aspectRatio: "16:9", duration: "5" }));
  }
  await page.goto(`/tasks?q=${tag}`);
  await expect(page.locator("tbody tr")).toHaveCount(3);
  await page.getByRole("checkbox", { name: "Select every cancellable task on this page" }).check();
  await expect(page.getByText("3 queued tasks selected")).toBeVisible();
  await screenshot(page, "tasks-selected");

  // One of them is cancelled elsewhere before the admin acts: the result says so for that one.
  await cancelViaApi(page, [ids[1]!]);
  await page.getByRole("button", { name: "Cancel 3 selected" }).click();
  // It asks first, naming each task and whose it is.
  const confirm = page.getByRole("dialog", { name: "Cancel 3 queued tasks?" });
  await expect(confirm.getByRole("list", { name: "Tasks to cancel" }).getByRole("listitem")).toHaveCount(3);
  await expect(confirm).toContainText(`${tag} queued 1`);
  await screenshot(page, "tasks-bulk-cancel-confirm");
  await confirm.getByRole("button", { name: "Cancel 3 tasks" }).click();
  const dialog = page.getByRole("dialog", { name: "2 of 3 cancelled" });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-outcome="canceled"]')).toHaveCount(2);
  const refused = dialog.locator('[data-outcome="refused"]');
  await expect(refused).toContainText(`${tag} queued 2`);
  await expect(refused).toContainText(/Not cancelled: .*already been canceled/);
  await screenshot(page, "tasks-bulk-cancel-result");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  for (const row of await page.locator("tbody tr").all()) await expect(row.getByTestId("task-state")).toHaveText("Canceled");
});
