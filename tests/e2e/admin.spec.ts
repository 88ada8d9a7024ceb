import fs from "node:fs";
import { expect, test, ADMIN_STATE, cancelViaApi, createTaskViaApi, newMember, screenshot, signIn } from "./support";

// The admin section: users (role, disable, password), the queue of every unfinished task, the
// providers' health and budget, and the webhook inbox with its re-check button.

test.use({ storageState: ADMIN_STATE });

test("users: change a role, disable and enable a user, reset a password", async ({ page, browser }) => {
  await page.goto("/admin/users");
  const { member, page: memberPage, context } = await newMember(browser, page.request);
  await page.reload();
  const row = page.locator(`li[data-user-email="${member.email}"]`);
  await expect(row).toContainText("Member");

  // Making someone an admin is asked first; keeping it as it is changes nothing.
  await row.getByLabel(`Role for ${member.name}`).selectOption("admin");
  const promote = page.getByRole("dialog", { name: `Make ${member.name} an admin?` });
  await promote.getByRole("button", { name: "Keep as it is" }).click();
  await expect(promote).toBeHidden();
  await expect(row.getByLabel(`Role for ${member.name}`)).toHaveValue("member");
  await row.getByLabel(`Role for ${member.name}`).selectOption("admin");
  await promote.getByRole("button", { name: "Make admin" }).click();
  await expect(page.getByText(`${member.name} is now an admin.`)).toBeVisible();
  await expect(row.locator("span").getByText("Admin", { exact: true })).toBeVisible();
  await memberPage.goto("/admin/providers");
  await expect(memberPage.getByRole("heading", { name: "Providers" })).toBeVisible();
  await row.getByLabel(`Role for ${member.name}`).selectOption("member");
  await expect(row.locator("span").getByText("Member", { exact: true })).toBeVisible();

  // Disabling signs them out at once; they cannot sign in again until enabled.
  await row.getByRole("button", { name: `Disable ${member.name}` }).click();
  await page
    .getByRole("dialog", { name: `Disable ${member.name}?` })
    .getByRole("button", { name: `Disable ${member.name}` })
    .click();
  await expect(row.getByText("Disabled", { exact: true })).toBeVisible();
  await screenshot(page, "admin-users");
  await memberPage.goto("/tasks");
  await expect(memberPage).toHaveURL(/\/signin/);
  await memberPage.getByLabel("Email").fill(member.email);
  await memberPage.getByLabel("Password", { exact: true }).fill(member.password);
  await memberPage.getByRole("button", { name: "Sign in" }).click();
  await expect(memberPage.getByText("This account is disabled. Ask an admin to enable it again.")).toBeVisible();
  await row.getByRole("button", { name: `Enable ${member.name}` }).click();
  await expect(row.getByText("Disabled", { exact: true })).toHaveCount(0);
  await signIn(memberPage, member);

  // A password reset, from a dialog with its own validation.
  await row.getByRole("button", { name: `Reset password for ${member.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Reset ${member.name}'s password` });
  await dialog.getByLabel("New password").fill("short");
  await dialog.getByRole("button", { name: "Set password" }).click();
  await expect(dialog.getByText("Use at least 10 characters.")).toBeVisible();
  await screenshot(page, "admin-reset-password");
  await dialog.getByLabel("New password").fill("a fresh password 2");
  await dialog.getByRole("button", { name: "Set password" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`${member.name}'s password was reset.`)).toBeVisible();
  await memberPage.goto("/tasks");
  await expect(memberPage).toHaveURL(/\/signin/);
  await signIn(memberPage, { email: member.email, password: "a fresh password 2" });

  // The admin cannot demote or disable themselves.
  const self = page.locator('li[data-user-email="ada@example.com"]');
  await expect(self.getByLabel("Role for Ada Admin")).toBeDisabled();
  await expect(self.getByRole("button", { name: "Disable Ada Admin" })).toHaveCount(0);
  await context.close();
});

test("queue: every unfinished task of every user, with bulk cancel of queued ones", async ({ page, browser }) => {
  const tag = `queue${Date.now()}`;
  await page.goto("/admin/queue");
  const { page: memberPage, context } = await newMember(browser, page.request);
  const theirs = await createTaskViaApi(memberPage, "t2v", { prompt: `${tag} theirs [sandbox:hold]`, aspectRatio: "16:9", duration: "5" });
  const mine = await createTaskViaApi(page, "t2v", { prompt: `${tag} mine [sandbox:hold]`, aspectRatio: "16:9", duration: "5" });
  const done = await createTaskViaApi(page, "t2v", { prompt: `${tag} finishes`, aspectRatio: "16:9", duration: "5" });
  await expect
    .poll(async () => (await (await page.request.get(`/api/tasks/${done}`)).json()).task.state, { timeout: 45_000 })
    .toBe("succeeded");

  await page.goto(`/admin/queue?q=${tag}`);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.locator("tbody")).not.toContainText(`${tag} finishes`);
  // Only unfinished states are offered as filters here.
  await expect(page.getByRole("button", { name: "Succeeded", exact: true })).toHaveCount(0);
  await screenshot(page, "admin-queue");

  await page.getByRole("checkbox", { name: "Select every cancellable task on this page" }).check();
  await page.getByRole("button", { name: "Cancel 2 selected" }).click();
  const confirm = page.getByRole("dialog", { name: "Cancel 2 queued tasks?" });
  await expect(confirm).toContainText("They belong to 2 people.");
  // Keeping them cancels nothing; asked again, the admin goes ahead.
  await confirm.getByRole("button", { name: "Keep them" }).click();
  await expect(confirm).toBeHidden();
  for (const id of [theirs, mine]) expect((await (await page.request.get(`/api/tasks/${id}`)).json()).task.state).not.toBe("canceled");
  await page.getByRole("button", { name: "Cancel 2 selected" }).click();
  await confirm.getByRole("button", { name: "Cancel 2 tasks" }).click();
  await expect(page.getByRole("dialog", { name: "2 of 2 cancelled" })).toBeVisible();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText("No tasks match these filters.")).toBeVisible();
  for (const id of [theirs, mine]) {
    expect((await (await page.request.get(`/api/tasks/${id}`)).json()).task.state).toBe("canceled");
  }
  await context.close();
});

test("providers: sandbox or live, health, credits and the call budget in use", async ({ page }) => {
  await page.goto("/admin/providers");
  const card = page.getByRole("region", { name: "AIVideoMaker" });
  await expect(card.getByText("Sandbox", { exact: true })).toBeVisible();
  await expect(card.getByText("Healthy", { exact: true })).toBeVisible();
  await expect(card).toContainText(/[\d,]+ credits/);
  const meter = card.getByRole("meter", { name: "Status-call budget in use" });
  await expect(meter).toHaveAttribute("aria-valuemax", "48");
  await expect(card).toContainText(/\d+ of 48 in the last minute/);
  await screenshot(page, "admin-providers");
});

test("webhook inbox: deliveries with verification, task and outcome; refused ones; re-check", async ({ page }) => {
  const tag = `hook${Date.now()}`;
  await page.goto("/admin/webhooks");
  const id = await createTaskViaApi(page, "t2v", { prompt: `${tag} watched [sandbox:hold]`, aspectRatio: "16:9", duration: "5" });
  // A forged delivery is refused, and shown as such without being stored.
  const forged = await page.request.post(`/api/webhook/aivideomaker/${id}?token=forged`, { data: { status: "COMPLETED" } });
  expect(forged.status()).toBe(401);

  // The sandbox calls back as the real provider does (SUBMITTED right after the create).
  const delivery = page.locator("li[data-delivery-id]", { hasText: `${tag} watched` }).first();
  await expect(async () => {
    await page.reload();
    await expect(delivery).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(delivery).toContainText("Token valid");
  await expect(delivery).toContainText("SUBMITTED");
  await expect(delivery.getByRole("link", { name: `${tag} watched [sandbox:hold]` })).toHaveAttribute("href", `/tasks/${id}`);
  const refused = page.locator("section", { has: page.getByRole("heading", { name: "Refused deliveries" }) });
  await expect(refused).toContainText("Bad token.");
  await expect(refused.getByRole("link", { name: id.slice(0, 8) })).toHaveAttribute("href", `/tasks/${id}`);

  await delivery.getByRole("button", { name: /^Re-check/ }).click();
  await expect(delivery.getByRole("status")).toHaveText(/The provider reports \w+; Cutroom already knew\./);
  await screenshot(page, "admin-webhooks");
  await cancelViaApi(page, [id]);
});

test("audit log: changes to a teammate are listed with who and from where, filterable and exported as CSV", async ({ page, browser }) => {
  const { member, context } = await newMember(browser, page.request);
  await page.goto("/admin/users");
  const row = page.locator(`li[data-user-email="${member.email}"]`);
  await row.getByLabel(`Role for ${member.name}`).selectOption("admin");
  await page
    .getByRole("dialog", { name: `Make ${member.name} an admin?` })
    .getByRole("button", { name: "Make admin" })
    .click();
  await expect(page.getByText(`${member.name} is now an admin.`)).toBeVisible();
  await row.getByLabel(`Role for ${member.name}`).selectOption("member");
  await expect(row.locator("span").getByText("Member", { exact: true })).toBeVisible();

  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
  await page.getByLabel("Action").selectOption("role_changed");
  await expect(page).toHaveURL(/action=role_changed/);
  const entries = page.locator('li[data-audit-action="role_changed"]').filter({ hasText: member.email });
  await expect(entries).toHaveCount(2);
  await expect(entries.first()).toContainText("Ada Admin");
  await expect(entries.first()).toContainText("admin → member");
  await expect(page.locator('li[data-audit-action]:not([data-audit-action="role_changed"])')).toHaveCount(0);
  await screenshot(page, "admin-audit");

  // The export is the same selection, as a file.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^cutroom-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await file.path())!, "utf8");
  expect(csv.split("\n")[0]).toBe("at,actor,actor_id,action,action_label,target_type,target_id,target,ip,before,after");
  expect(csv).toContain(member.email);
  expect(csv).not.toContain("sign_in,");
  await context.close();
});
