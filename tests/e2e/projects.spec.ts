import { type Page } from "@playwright/test";
import { expect, test, ADMIN_STATE, newMember, screenshot, shootBothThemes } from "./support";

// Projects: started from Projects, filled from Generate, shown as a board of outputs, a task moved
// in and out from its page, Tasks filtered by one, renamed and deleted by whoever started it.

test.use({ storageState: ADMIN_STATE });

async function waitForOutput(page: Page, id: string) {
  await expect
    .poll(async () => (await (await page.request.get(`/api/tasks/${id}`)).json()).task.media?.posterUrl ?? null, {
      timeout: 150_000,
      intervals: [2000],
    })
    .not.toBeNull();
}

test("a project from start to board: Generate files a task in it, its page moves it, Tasks filters by it, its owner renames and deletes it", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const run = Date.now().toString(36);
  const name = `Launch ${run}`;
  const { page: mine, context } = await newMember(browser, page.request);

  await mine.goto("/projects");
  await mine.getByRole("button", { name: "New project" }).click();
  const dialog = mine.getByRole("dialog", { name: "New project" });
  await dialog.getByRole("button", { name: "Start project" }).click();
  await expect(dialog.getByText("Name the project.")).toBeVisible();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Description").fill("Teasers for the spring launch.");
  await dialog.getByRole("button", { name: "Start project" }).click();
  await expect(mine).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  const projectId = mine.url().split("/").at(-1)!;
  await expect(mine.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(mine.getByText("Nothing in this project yet", { exact: false })).toBeVisible();
  await expect(mine).toHaveTitle(new RegExp(name));

  // A second project of the same name (in any case) is refused, in the form.
  await mine.goto("/projects");
  await mine.getByRole("button", { name: "New project" }).click();
  await mine.getByRole("dialog", { name: "New project" }).getByLabel("Name").fill(name.toUpperCase());
  await mine.getByRole("dialog", { name: "New project" }).getByRole("button", { name: "Start project" }).click();
  await expect(
    mine.getByRole("dialog", { name: "New project" }).getByText(`There is already a project called “${name.toUpperCase()}”.`),
  ).toBeVisible();
  await mine.keyboard.press("Escape");
  await expect(mine.getByRole("list", { name: "Projects" }).getByRole("link", { name: new RegExp(name) })).toHaveCount(1);

  // From the board to Generate, with the project chosen; the new task goes in it.
  await mine.goto(`/projects/${projectId}`);
  await mine.getByRole("link", { name: "Generate for this project" }).first().click();
  await expect(mine).toHaveURL(new RegExp(`/generate\\?project=${projectId}`));
  await expect(mine.getByLabel("Project")).toHaveValue(projectId);
  const prompt = `Teaser ${run}`;
  await mine.getByLabel("Prompt").fill(prompt);
  const created = mine.waitForResponse((response) => response.url().endsWith("/api/tasks") && response.request().method() === "POST");
  await mine.getByRole("button", { name: "Generate" }).click();
  const { task } = (await (await created).json()) as { task: { id: string; project: { id: string } | null } };
  expect(task.project?.id).toBe(projectId);
  await waitForOutput(mine, task.id);

  await mine.goto(`/projects/${projectId}`);
  await expect(mine.getByRole("button", { name: `Open: ${prompt}` })).toBeVisible();
  await expect(mine.getByText("1 of 1 task has an output")).toBeVisible();
  await shootBothThemes(mine, "project-board");
  await mine.goto("/projects");
  await expect(mine.getByRole("link", { name: new RegExp(`${name}.*1 output`) })).toBeVisible();
  await shootBothThemes(mine, "projects");

  // Tasks narrows to the project, in the URL.
  await mine.goto("/tasks");
  await mine.getByLabel("Project").selectOption(projectId);
  await expect(mine).toHaveURL(new RegExp(`project=${projectId}`));
  await expect(mine.getByText("1 task matches")).toBeVisible();

  // A teammate reads the task's project as a link and cannot move it, nor edit the project.
  const { page: other, context: otherContext } = await newMember(browser, page.request);
  await other.goto(`/tasks/${task.id}`);
  await expect(other.getByRole("region", { name: "Project" }).getByRole("link", { name })).toBeVisible();
  await expect(other.getByRole("region", { name: "Project" }).getByRole("combobox")).toHaveCount(0);
  await other.goto(`/projects/${projectId}`);
  await expect(other.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await otherContext.close();

  // Its owner moves it out from its page: the board empties.
  await mine.goto(`/tasks/${task.id}`);
  const choice = mine.getByRole("region", { name: "Project" }).getByRole("combobox", { name: "Project" });
  await expect(choice).toHaveValue(projectId);
  await choice.selectOption("");
  await expect(mine.getByRole("region", { name: "Project" }).getByRole("link", { name: "Open the project's board" })).toHaveCount(0);
  await mine.goto(`/projects/${projectId}`);
  await expect(mine.getByText("Nothing in this project yet", { exact: false })).toBeVisible();

  // Renamed, then deleted (after a confirmation), by whoever started it.
  await mine.getByRole("button", { name: "Edit" }).click();
  await mine.getByRole("dialog", { name: "Edit project" }).getByLabel("Name").fill(`${name} final`);
  await mine.getByRole("dialog", { name: "Edit project" }).getByRole("button", { name: "Save" }).click();
  await expect(mine.getByRole("heading", { level: 1, name: `${name} final` })).toBeVisible();
  expect((await mine.request.put(`/api/tasks/${task.id}/project`, { data: { projectId } })).status()).toBe(200);
  await mine.reload();
  await mine.getByRole("button", { name: "Delete" }).click();
  const confirm = mine.getByRole("dialog", { name: `Delete “${name} final”?` });
  await expect(confirm.getByText("Its 1 task stays in Tasks and the gallery, in no project.", { exact: false })).toBeVisible();
  await confirm.getByRole("button", { name: "Delete project" }).click();
  await expect(mine).toHaveURL(/\/projects$/);
  await expect(mine.getByRole("link", { name: new RegExp(name) })).toHaveCount(0);
  await screenshot(mine, "projects-after-delete");
  expect((await mine.request.get(`/api/tasks/${task.id}`)).status()).toBe(200);
  await context.close();
});
