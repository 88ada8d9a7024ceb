import { expect, test, ADMIN, ADMIN_STATE, MEMBER, chooseModel, expectTaskState, openUserMenu, signIn, openSentTask } from "./support";

test.describe("as the admin", () => {
  test.use({ storageState: ADMIN_STATE });

  test("cancels a queued task, with the refund recorded", async ({ page }) => {
    await page.goto("/generate");
    await chooseModel(page, "t2v_v3");
    const prompt = `Hold in the queue ${Date.now()} [sandbox:hold]`;
    await page.getByLabel("Prompt").fill(prompt);
    await expect(page.getByTestId("cost")).toHaveText("20 credits");
    await page.getByRole("button", { name: "Generate" }).click();
    await openSentTask(page);
    await expectTaskState(page, "Queued");
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await page.getByRole("button", { name: "Yes, cancel" }).click();
    await expectTaskState(page, "Canceled");
    await expect(page.getByText("20 credits were refunded.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel", exact: true })).toHaveCount(0);

    await page.goto("/tasks");
    const row = page.locator("tr", { hasText: prompt });
    await expect(row.getByTestId("task-state")).toHaveText("Canceled");
    await expect(row.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  });

  test("adds a teammate as a member", async ({ page }) => {
    await page.goto("/admin/users");
    // The add-with-password form's own fields (the invitation form beside it has an Email and a Role too).
    await page.locator("#new-name").fill(MEMBER.name);
    await page.locator("#new-email").fill(MEMBER.email);
    await page.locator("#new-password").fill(MEMBER.password);
    await page.locator("#new-role").selectOption("member");
    await page.getByRole("button", { name: "Add teammate" }).click();
    await expect(page.getByText(`${MEMBER.name} can now sign in as ${MEMBER.email}.`)).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: MEMBER.email })).toContainText("Member");

    // The same email twice is refused on the field.
    await page.locator("#new-name").fill("Someone else");
    await page.locator("#new-email").fill(MEMBER.email);
    await page.locator("#new-password").fill("another password");
    await page.getByRole("button", { name: "Add teammate" }).click();
    await expect(page.getByText("A teammate with this email already exists.")).toBeVisible();
  });
});

test.describe("as a member", () => {
  test("cannot reach admin pages or cancel someone else's task, and can sign out", async ({ page, browser }) => {
    // The admin queues a task that the member will see but may not cancel.
    const adminContext = await browser.newContext({ storageState: ADMIN_STATE });
    const adminPage = await adminContext.newPage();
    await adminPage.goto("/generate");
    await chooseModel(adminPage, "t2v");
    const prompt = `Admin's queued task ${Date.now()} [sandbox:hold]`;
    await adminPage.getByLabel("Prompt").fill(prompt);
    await adminPage.getByRole("button", { name: "Generate" }).click();
    await openSentTask(adminPage);
    await expectTaskState(adminPage, "Queued");
    const taskUrl = adminPage.url();

    await signIn(page, MEMBER);
    await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(404);
    const api = await page.request.get("/api/admin/users");
    expect(api.status()).toBe(403);

    await page.goto(taskUrl);
    await expectTaskState(page, "Queued");
    const cancel = page.getByRole("button", { name: "Cancel", exact: true });
    await expect(cancel).toBeDisabled();
    await expect(cancel).toHaveAttribute("title", "Only the person who created this task, or an admin, can cancel it.");
    const refused = await page.request.post(`/api/tasks/${taskUrl.split("/").pop()}/cancel`, {
      headers: { origin: new URL(taskUrl).origin },
    });
    expect(refused.status()).toBe(403);

    await openUserMenu(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin$/);
    await page.goto("/tasks");
    await expect(page).toHaveURL(/\/signin\?next=%2Ftasks$/);

    // The admin cleans up so nothing stays queued.
    await adminPage.getByRole("button", { name: "Cancel", exact: true }).click();
    await adminPage.getByRole("button", { name: "Yes, cancel" }).click();
    await expectTaskState(adminPage, "Canceled");
    await adminContext.close();
  });

  test("a wrong password and an unknown email get the same answer", async ({ page }) => {
    for (const attempt of [
      { email: ADMIN.email, password: "not the password" },
      { email: "nobody@example.com", password: "not the password" },
    ]) {
      await page.goto("/signin");
      await page.getByLabel("Email").fill(attempt.email);
      await page.getByLabel("Password", { exact: true }).fill(attempt.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText("Incorrect email or password.")).toBeVisible();
      await expect(page).toHaveURL(/\/signin$/);
    }
  });
});
