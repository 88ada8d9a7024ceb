import { expect, test as setup, ADMIN, ADMIN_STATE } from "./support";

setup("a fresh install leads every page to set-up, which creates the first admin", async ({ page }) => {
  for (const path of ["/", "/tasks", "/generate", "/signin"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }
  await expect(page.getByRole("heading", { name: "Welcome to Cutroom" })).toBeVisible();

  // The form says what is wrong before anything is sent.
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Enter a name.")).toBeVisible();
  await page.getByLabel("Name").fill(ADMIN.name);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/generate$/);
  await expect(page.getByRole("heading", { name: "Generate" })).toBeVisible();
  await expect(page.getByRole("button", { name: `Account menu: ${ADMIN.name} Admin` })).toBeVisible();

  // Set-up is closed for good once an admin exists.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/generate$/);

  await page.context().storageState({ path: ADMIN_STATE });
});
