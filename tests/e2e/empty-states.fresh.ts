import { expect, test, ADMIN_STATE, screenshot } from "./support";

// What a new team sees before anyone has generated anything: every list says what to do next.

test.use({ storageState: ADMIN_STATE });

test("empty pages say what to do next", async ({ page }) => {
  await page.goto("/tasks");
  await expect(page.getByText("No tasks yet: generate your first video.")).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Generate a video" })).toHaveAttribute("href", "/generate");
  await screenshot(page, "tasks-empty");

  await page.goto("/gallery");
  await expect(page.getByText("No finished videos yet: they appear here when tasks succeed.")).toBeVisible();
  await screenshot(page, "gallery-empty");

  await page.goto("/projects");
  await expect(page.getByText("No projects yet: start one to group the team's videos", { exact: false })).toBeVisible();
  await expect(page.getByRole("button", { name: "New project" })).toBeVisible();
  await screenshot(page, "projects-empty");

  await page.goto("/admin/queue");
  await expect(page.getByText("No task is pending, queued or running.")).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Generate a video" })).toHaveCount(0);

  await page.goto("/admin/webhooks");
  await expect(page.getByText("No webhook deliveries yet.")).toBeVisible();
  await screenshot(page, "admin-webhooks-empty");

  // A search that matches nothing is a different empty state, with a way back.
  await page.goto("/tasks?q=nothing-matches-this");
  await expect(page.getByText("No tasks match these filters.")).toBeVisible();
  await page.getByRole("main").getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByText("No tasks yet: generate your first video.")).toBeVisible();

  // "Mine" with nothing of mine is not a filter that matched nothing: it says so, with the way on.
  await page.goto("/tasks?owner=me");
  await expect(page.getByText("You have not generated anything yet.")).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Generate a video" })).toBeVisible();
});
