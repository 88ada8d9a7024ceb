import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, ADMIN_STATE, ORIGIN, chooseModel, newMember, openModelCatalog, screenshot, openSentTask } from "./support";

// Spend control in the browser: an admin gives one member a daily limit, the member sees what is
// left next to the price and is refused inline before anything is sent; model access hides a model.
// Only per-person settings are changed (and put back), so other specs running meanwhile are unaffected.

test.use({ storageState: ADMIN_STATE });

test("budgets: a member's daily limit shows on Generate and refuses inline; model access takes a model away", async ({ page, browser }) => {
  const { member, page: memberPage, context } = await newMember(browser, page.request);
  await page.goto("/admin/budgets");
  const avm = page.getByRole("region", { name: "AIVideoMaker" });
  await expect(avm.getByText("1 credit = US$0.01")).toBeVisible();

  // A bad amount is refused inline, and nothing is saved.
  await avm.getByLabel("Each member per day").fill("lots");
  await avm.getByRole("button", { name: "Save AIVideoMaker limits" }).click();
  await expect(avm.getByText("Enter a whole number of credits, or leave it empty.")).toBeVisible();
  await avm.getByLabel("Each member per day").fill("");

  await avm.getByRole("button", { name: "Add a person" }).click();
  await avm.getByLabel("Person", { exact: true }).selectOption({ label: member.name });
  await avm.getByLabel(`Per day for ${member.name}`).fill("20");
  await avm.getByRole("button", { name: "Save AIVideoMaker limits" }).click();
  await expect(page.getByText("AIVideoMaker limits saved.")).toBeVisible();
  await expect(avm.getByLabel(`Per day for ${member.name}`)).toHaveValue("20");
  await screenshot(page, "admin-budgets");

  // The member sees the limit next to the price: 5 s of t2v is 15 credits in the sandbox.
  await memberPage.goto("/generate");
  await chooseModel(memberPage, "t2v");
  await memberPage.getByLabel("Prompt").fill(`A lantern on a pier ${Date.now()} [sandbox:hold]`);
  await memberPage.getByRole("radio", { name: "5 s" }).check();
  await expect(memberPage.getByTestId("cost")).toHaveText("15 credits");
  await expect(memberPage.getByTestId("limits-left")).toHaveText("20 of 20 left today");
  await memberPage.getByRole("button", { name: "Generate" }).click();
  await openSentTask(memberPage);
  const heldTask = memberPage.url().split("/").pop()!;

  // The second would pass it: refused on the form, in the words the API uses, before any submit.
  await memberPage.goto("/generate");
  await chooseModel(memberPage, "t2v");
  await memberPage.getByLabel("Prompt").fill(`A second lantern ${Date.now()}`);
  await memberPage.getByRole("radio", { name: "5 s" }).check();
  await expect(memberPage.getByTestId("limits-left")).toHaveText("5 of 20 left today");
  const refusal = /^This would pass your daily limit: it needs 15 credits and 5 of 20 are left\. It resets at 00:00 UTC\.$/;
  await expect(memberPage.getByText(refusal)).toBeVisible();
  await expect(memberPage.getByRole("button", { name: /^Generate/ })).toBeDisabled();
  await screenshot(memberPage, "generate-over-budget");
  const refused = await memberPage.request.post("/api/tasks", {
    data: { provider: "aivideomaker", model: "t2v", input: { prompt: "straight to the API", aspectRatio: "16:9", duration: "5" } },
    headers: { origin: ORIGIN },
  });
  expect(refused.status()).toBe(402);
  expect((await refused.json()).error.message).toMatch(refusal);

  // The admin sees what the member has spent (the held task counts at its hold).
  await page.reload();
  const spend = avm.getByRole("row", { name: new RegExp(member.name) });
  await expect(spend).toContainText("15");

  // Cancelling the held task gives the credits back.
  await memberPage.request.post(`/api/tasks/${heldTask}/cancel`, { headers: { origin: ORIGIN } });
  await memberPage.goto("/generate");
  await chooseModel(memberPage, "t2v");
  await memberPage.getByLabel("Prompt").fill(`After the cancel ${Date.now()}`);
  await memberPage.getByRole("radio", { name: "5 s" }).check();
  await expect(memberPage.getByTestId("limits-left")).toHaveText("20 of 20 left today");

  // A cap on one model: each member may spend 10 credits a month on Text to video.
  await avm.getByRole("button", { name: "Add a model" }).click();
  await avm.getByLabel("Model", { exact: true }).selectOption({ label: "Text to video" });
  await avm.getByLabel("Each member per month for Text to video").fill("10");
  await avm.getByRole("button", { name: "Save AIVideoMaker limits" }).click();
  await expect(avm.getByTestId("model-limit")).toContainText("credits this month");
  await expect(avm.getByLabel("Each member per month for Text to video")).toHaveValue("10");
  await screenshot(page, "admin-budgets-model-limits");
  await memberPage.reload();
  await chooseModel(memberPage, "t2v");
  await memberPage.getByLabel("Prompt").fill(`Past the model's cap ${Date.now()}`);
  await memberPage.getByRole("radio", { name: "5 s" }).check();
  await expect(memberPage.getByTestId("limits-left")).toHaveText("20 of 20 left today · 10 of 10 left for this model this month");
  await expect(
    memberPage.getByText(/^This would pass your monthly limit for this model: it needs 15 credits and 10 of 10 are left\./),
  ).toBeVisible();
  await avm.getByRole("button", { name: "Remove the cap on Text to video" }).click();
  await avm.getByRole("button", { name: "Save AIVideoMaker limits" }).click();
  await expect(avm.getByTestId("model-limit")).toHaveCount(0);

  // Model access: this member may use skills.video only.
  const access = page.getByRole("region", { name: "Model access" });
  await access.getByLabel("Who").selectOption({ label: `${member.name} (as every member)` });
  await access.getByLabel("Only the models ticked below").check();
  await access.getByLabel("All skills.video models").check();
  await access.getByRole("button", { name: "Save model access" }).click();
  await expect(page.getByText("Model access saved.")).toBeVisible();
  await screenshot(page, "admin-model-access");
  await memberPage.goto("/generate");
  await openModelCatalog(memberPage);
  await expect(memberPage.getByRole("radio", { name: /\(t2v\)$/ })).toHaveCount(0);
  await memberPage.getByText(/^Not available \(\d+\)$/).click();
  await expect(memberPage.getByText("Your team's admins have not allowed you this model.")).toBeVisible();
  await chooseModel(memberPage, "kling-ai/kling-v2\\.6");

  // Put back what this test changed.
  await access.getByLabel("Who").selectOption({ label: `${member.name} (1 allowed)` });
  await access.getByLabel("The same as every member").check();
  await access.getByRole("button", { name: "Save model access" }).click();
  await expect(access.getByLabel("Who")).toContainText(`${member.name} (as every member)`);
  await avm.getByRole("button", { name: `Remove the limits for ${member.name}` }).click();
  await avm.getByRole("button", { name: "Save AIVideoMaker limits" }).click();
  await expect(avm.getByLabel(`Per day for ${member.name}`)).toHaveCount(0);
  await context.close();
});

test("approvals: a dear task waits, the admin approves it with a note, and the requester is told", async ({ page, browser }) => {
  const { member, page: memberPage, context } = await newMember(browser, page.request);
  await page.goto("/admin/budgets");
  const avm = page.getByRole("region", { name: "AIVideoMaker" });
  await avm.getByRole("button", { name: "Add a person" }).click();
  await avm.getByLabel("Person", { exact: true }).selectOption({ label: member.name });
  await avm.getByLabel(`Approval above for ${member.name}`).fill("10");
  await avm.getByRole("button", { name: "Save AIVideoMaker limits" }).click();
  await expect(page.getByText("AIVideoMaker limits saved.")).toBeVisible();

  // 15 credits is above the 10 set for this member: the task waits, unsent.
  await memberPage.goto("/generate");
  await chooseModel(memberPage, "t2v");
  // Held in the sandbox's queue once sent, so it is still in flight when the member hears of the approval.
  const prompt = `A harbour at dawn, needs approval ${Date.now()} [sandbox:hold]`;
  await memberPage.getByLabel("Prompt").fill(prompt);
  await memberPage.getByRole("radio", { name: "5 s" }).check();
  await expect(memberPage.getByTestId("cost")).toHaveText("15 credits");
  await memberPage.getByRole("button", { name: "Generate" }).click();
  await openSentTask(memberPage);
  await expect(memberPage.getByTestId("task-state").first()).toHaveText("Awaiting approval");
  await expect(memberPage.getByText("Waiting for an admin's approval.")).toBeVisible();
  await screenshot(memberPage, "task-awaiting-approval");
  const taskId = memberPage.url().split("/").pop()!;
  // Elsewhere in Cutroom, the member hears of the decision.
  await memberPage.goto("/tasks");

  await page.goto("/admin/queue");
  const waiting = page.getByRole("region", { name: /^Waiting for approval/ });
  await expect(waiting.getByText(prompt)).toBeVisible();
  await expect(waiting.getByText(member.name, { exact: false }).first()).toBeVisible();
  await waiting.getByLabel(`Select ${member.name}'s task: ${prompt}`).check();
  await waiting.getByLabel("Note for the requester (optional)").fill("Go ahead, it is for the launch.");
  await screenshot(page, "admin-queue-approvals");
  await waiting.getByRole("button", { name: "Approve 1" }).click();
  await expect(page.getByText("1 task approved.")).toBeVisible();
  await expect(page.getByRole("region", { name: /^Waiting for approval/ })).toHaveCount(0);

  await expect(memberPage.getByText("Ada Admin approved your task")).toBeVisible({ timeout: 20_000 });
  await expect(memberPage.getByText("“Go ahead, it is for the launch.”", { exact: false })).toBeVisible();
  await memberPage.goto(`/tasks/${taskId}`);
  await expect(memberPage.getByTestId("task-state").first()).not.toHaveText("Awaiting approval");
  await expect(
    memberPage.getByRole("list", { name: "Milestones" }).getByText("Approved by Ada Admin: “Go ahead, it is for the launch.”"),
  ).toBeVisible();

  // Put back what this test changed.
  await memberPage.request.post(`/api/tasks/${taskId}/cancel`, { headers: { origin: ORIGIN } });
  await page.goto("/admin/budgets");
  await avm.getByRole("button", { name: `Remove the limits for ${member.name}` }).click();
  await avm.getByRole("button", { name: "Save AIVideoMaker limits" }).click();
  await expect(avm.getByLabel(`Per day for ${member.name}`)).toHaveCount(0);
  await context.close();
});

test("usage: the team's spend per provider, day, person and model, with a CSV of the same tasks; a member sees their own", async ({
  page,
  browser,
}) => {
  const { member, page: memberPage, context } = await newMember(browser, page.request);
  const made = await memberPage.request.post("/api/tasks", {
    data: {
      provider: "aivideomaker",
      model: "t2v",
      input: { prompt: `Counted in usage ${Date.now()}`, aspectRatio: "16:9", duration: "5" },
    },
    headers: { origin: ORIGIN },
  });
  expect(made.status()).toBe(201);

  await page.goto("/usage");
  await expect(page.getByRole("heading", { name: "Usage" })).toBeVisible();
  const total = page.getByTestId("usage-total-aivideomaker");
  await expect(total).toContainText("AIVideoMaker");
  await expect(total).toContainText(/US\$\d/);
  await expect(
    page
      .getByRole("img", { name: /^Credits spent per day/ })
      .locator("svg")
      .first(),
  ).toBeVisible();
  const byPerson = page.getByRole("table").first();
  await expect(byPerson).toContainText(member.name);
  await expect(page.getByRole("region", { name: /Balance against Cutroom/ })).toBeVisible();
  await screenshot(page, "usage-admin");

  const csv = await page.request.get("/api/usage/export");
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split("\n");
  expect(lines[0]).toBe("created_at,task_id,owner,owner_id,provider,model,state,expected,charged,refunded,counted");
  expect(lines.some((line) => line.includes(member.name))).toBe(true);

  // The member's page is theirs alone: no person filter, their own name.
  await memberPage.goto("/usage");
  await expect(memberPage.getByLabel("Person")).toHaveCount(0);
  await expect(memberPage.getByText(new RegExp(`^${member.name},`))).toBeVisible();
  await expect(memberPage.getByRole("table").first()).not.toContainText("Ada Admin");
  await screenshot(memberPage, "usage-member");
  await context.close();
});

test("alerts: the admin points alerts at a webhook and a signed test alert arrives", async ({ page }) => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
  try {
    await page.goto("/admin/budgets");
    const alerts = page.getByRole("region", { name: "Alerts" });
    await alerts.getByLabel("Webhook URL").fill("ftp://example.com/hook");
    await alerts.getByRole("button", { name: "Save webhook" }).click();
    await expect(alerts.getByText("Use an https:// address, such as a Slack or Discord incoming webhook.")).toBeVisible();
    await alerts.getByLabel("Webhook URL").fill(url);
    await alerts.getByRole("button", { name: "Save webhook" }).click();
    await expect(page.getByText("Alert webhook saved.")).toBeVisible();
    await alerts.getByRole("button", { name: "Send a test alert" }).click();
    await expect(alerts.getByText("The test alert was delivered.")).toBeVisible();
    expect(received).toHaveLength(1);
    expect(received[0]!.headers["webhook-signature"]).toMatch(/^v1,/);
    expect(JSON.parse(received[0]!.body).text).toBe("Cutroom: This is a test alert: the webhook and its signature work.");
    await expect(alerts.getByText("This is a test alert: the webhook and its signature work.")).toBeVisible();
    await screenshot(page, "admin-alerts");
  } finally {
    // Put back: no webhook, so other specs' alerts stay in the app.
    await page.request.put("/api/admin/alerts", { data: { webhookUrl: null }, headers: { origin: ORIGIN } });
    await new Promise((resolve) => receiver.close(resolve));
  }
});
