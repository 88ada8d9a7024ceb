import type { Browser } from "@playwright/test";
import {
  expect,
  test,
  ADMIN,
  ADMIN_STATE,
  cancelViaApi,
  createTaskViaApi,
  expectNoAxeViolations,
  newMember,
  openUserMenu,
  shootBothThemes,
  watchContextHealth,
} from "./support";

// Accounts: joining by a one-time invitation link, changing one's own password from the user menu,
// and an admin deleting a member whose tasks stay (or go to someone else).

test.use({ storageState: ADMIN_STATE });

/** A browser with nobody signed in, watched for page errors like the test's own. */
async function stranger(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  watchContextHealth(context);
  return { context, page: await context.newPage() };
}

test("invite: a one-time link, shown once; the invitee joins with it and it works only once", async ({ page, browser }) => {
  const stamp = `${Date.now()}`;
  const email = `ivy${stamp}@example.com`;
  await page.goto("/admin/users");

  // An address that already has an account is refused on its field.
  await page.locator("#invite-email").fill(ADMIN.email);
  await page.getByRole("button", { name: "Create invitation link" }).click();
  await expect(page.getByText(`${ADMIN.email} already has an account.`)).toBeVisible();

  await page.locator("#invite-email").fill(email);
  await page.locator("#invite-role").selectOption("member");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  await expect(page.getByText(`Invitation link for ${email}`)).toBeVisible();
  const link = await page.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("button", { name: "Copy link" })).toBeVisible();
  const pending = page.locator(`li[data-invite-email="${email}"]`);
  await expect(pending).toContainText("Invited by Ada Admin");
  await shootBothThemes(page, "admin-users-invite");
  await expectNoAxeViolations(page, "/admin/users with an invitation link");

  const invitee = await stranger(browser);
  await invitee.page.goto(link);
  await expect(invitee.page.getByTestId("invite-email")).toHaveText(email);
  await invitee.page.getByRole("button", { name: "Create my account" }).click();
  await expect(invitee.page.getByText("Enter a name.")).toBeVisible();
  await shootBothThemes(invitee.page, "invite");
  await expectNoAxeViolations(invitee.page, "/invite/<token>");
  await invitee.page.getByLabel("Your name").fill(`Ivy ${stamp}`);
  await invitee.page.getByLabel("Password").fill("ivy password 1");
  await invitee.page.getByRole("button", { name: "Create my account" }).click();
  await expect(invitee.page).toHaveURL(/\/generate$/);
  await expect(invitee.page.getByRole("button", { name: `Account menu: Ivy ${stamp} Member` })).toBeVisible();
  await invitee.context.close();

  // Used: the same link now says so, and the invitation has left the pending list.
  const again = await stranger(browser);
  await again.page.goto(link);
  await expect(again.page.getByText("This invitation has already been used")).toBeVisible();
  await shootBothThemes(again.page, "invite-used");
  await page.reload();
  await expect(page.locator(`li[data-user-email="${email}"]`)).toBeVisible();
  await expect(pending).toHaveCount(0);

  // Withdrawn: the link stops working at once.
  const other = `ozzy${stamp}@example.com`;
  await page.locator("#invite-email").fill(other);
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const withdrawnLink = await page.getByLabel("Invitation link").inputValue();
  await page.getByRole("button", { name: `Withdraw the invitation for ${other}` }).click();
  await expect(page.getByText(`The link for ${other} no longer works.`)).toBeVisible();
  await expect(page.locator(`li[data-invite-email="${other}"]`)).toHaveCount(0);
  await again.page.goto(withdrawnLink);
  await expect(again.page.getByText("This invitation was withdrawn")).toBeVisible();
  await again.page.goto("/invite/not-a-real-token");
  await expect(again.page.getByText("This invitation link is not valid")).toBeVisible();
  await again.context.close();
});

test("password: changed from the user menu; other sessions end, this one stays", async ({ page, browser }) => {
  const { member, page: memberPage, context } = await newMember(browser, page.request);
  const elsewhere = await stranger(browser);
  await elsewhere.page.goto("/signin");
  await elsewhere.page.getByLabel("Email").fill(member.email);
  await elsewhere.page.getByLabel("Password", { exact: true }).fill(member.password);
  await elsewhere.page.getByRole("button", { name: "Sign in" }).click();
  await expect(elsewhere.page).toHaveURL(/\/generate$/);

  await memberPage.goto("/tasks");
  await openUserMenu(memberPage);
  await memberPage.getByRole("button", { name: "Change password" }).click();
  const dialog = memberPage.getByRole("dialog", { name: "Change your password" });
  await dialog.getByLabel("Current password").fill("not my password");
  await dialog.getByLabel("New password", { exact: true }).fill("a new password 22");
  await dialog.getByLabel("New password again").fill("a new password 23");
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog.getByText("This does not match the new password.")).toBeVisible();
  await dialog.getByLabel("New password again").fill("a new password 22");
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog.getByText("That is not your current password.")).toBeVisible();
  await shootBothThemes(memberPage, "change-password");
  await expectNoAxeViolations(memberPage, "the change-password dialog");
  await dialog.getByLabel("Current password").fill(member.password);
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog).toBeHidden();
  await expect(memberPage.getByText("Your password was changed.")).toBeVisible();
  await expect(memberPage.getByText("Signed out of 1 other session; this one stays signed in.")).toBeVisible();

  await memberPage.reload();
  await expect(memberPage.getByRole("heading", { name: "Tasks" })).toBeVisible();
  await elsewhere.page.goto("/tasks");
  await expect(elsewhere.page).toHaveURL(/\/signin/);
  await elsewhere.page.getByLabel("Email").fill(member.email);
  await elsewhere.page.getByLabel("Password", { exact: true }).fill("a new password 22");
  await elsewhere.page.getByRole("button", { name: "Sign in" }).click();
  await expect(elsewhere.page).toHaveURL(/\/tasks$/);
  await elsewhere.context.close();
  await context.close();
});

test("delete: a member's tasks stay under former member, or go to a teammate; they cannot sign in", async ({ page, browser }) => {
  const kept = await newMember(browser, page.request);
  const keptPrompt = `kept${Date.now()} [sandbox:hold]`;
  const keptTask = await createTaskViaApi(kept.page, "t2v", {
    prompt: keptPrompt,
    aspectRatio: "16:9",
    duration: "5",
  });
  const moved = await newMember(browser, page.request);
  const movedTask = await createTaskViaApi(moved.page, "t2v", {
    prompt: `moved ${Date.now()} [sandbox:hold]`,
    aspectRatio: "16:9",
    duration: "5",
  });

  await page.goto("/admin/users");
  const row = page.locator(`li[data-user-email="${kept.member.email}"]`);
  await row.getByRole("button", { name: `Delete ${kept.member.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${kept.member.name}?` });
  await expect(dialog.getByRole("radio", { name: `Keep them, shown as “${kept.member.name} (former member)”` })).toBeChecked();
  await shootBothThemes(page, "admin-delete-user");
  await expectNoAxeViolations(page, "the delete-user dialog");
  await dialog.getByRole("button", { name: "Keep as it is" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: `Delete ${kept.member.name}` }).click();
  await dialog.getByRole("button", { name: `Delete ${kept.member.name}` }).click();
  await expect(page.getByText(`${kept.member.name} was deleted.`)).toBeVisible();
  await expect(row).toHaveCount(0);

  // Signed out, and never signs in again.
  await kept.page.goto("/tasks");
  await expect(kept.page).toHaveURL(/\/signin/);
  await kept.page.getByLabel("Email").fill(kept.member.email);
  await kept.page.getByLabel("Password", { exact: true }).fill(kept.member.password);
  await kept.page.getByRole("button", { name: "Sign in" }).click();
  await expect(kept.page.getByRole("alert")).toBeVisible();
  await expect(kept.page).toHaveURL(/\/signin/);

  await page.goto(`/tasks/${keptTask}`);
  await expect(page.getByText(`${kept.member.name} (former member)`).first()).toBeVisible();
  await shootBothThemes(page, "task-former-member");
  await page.goto(`/tasks?q=${encodeURIComponent(keptPrompt.split(" ")[0]!)}`);
  await expect(page.locator("tbody tr").first()).toContainText(`${kept.member.name} (former member)`);
  await shootBothThemes(page, "tasks-former-member");

  // Reassigned: every task goes to the chosen teammate.
  const movedRow = page.locator(`li[data-user-email="${moved.member.email}"]`);
  await page.goto("/admin/users");
  await movedRow.getByRole("button", { name: `Delete ${moved.member.name}` }).click();
  const second = page.getByRole("dialog", { name: `Delete ${moved.member.name}?` });
  await second.getByRole("radio", { name: "Give them all to another teammate" }).check();
  await second.getByLabel(`Who takes over ${moved.member.name}’s tasks`).selectOption({ label: `${ADMIN.name} (${ADMIN.email})` });
  await second.getByRole("button", { name: `Delete ${moved.member.name}` }).click();
  await expect(page.getByText("1 task is now Ada Admin's.")).toBeVisible();
  const owner = (await (await page.request.get(`/api/tasks/${movedTask}`)).json()).task.owner.name;
  expect(owner).toBe(ADMIN.name);
  await cancelViaApi(page, [keptTask, movedTask]);
  await kept.context.close();
  await moved.context.close();
});
