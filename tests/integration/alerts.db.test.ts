import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { auditLog, spendAlerts, type User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture } from "../support/app";
import { waitFor } from "../support/sandbox";

// Budget and approval alerts, through the real routes, database and AIVideoMaker sandbox, delivered
// to a real HTTP receiver on loopback: raised once per limit and period at 80% and at 100% (a
// refusal), signed with Standard Webhooks headers the receiver verifies, in a body Slack and
// Discord accept, retried after a failed delivery, and listed for admins.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;
type Delivery = { headers: Record<string, string>; body: string };

const noLimits = { teamMonthly: null, memberDaily: null, memberMonthly: null, defaultHold: null, approvalAbove: null };
const clip = (prompt: string) => ({ prompt: `${prompt} [sandbox:hold]`, aspectRatio: "16:9", duration: "5" });

function defineAlertSuite(kind: DbKind) {
  describe(`alerts on ${kind}`, () => {
    let app: AppFixture;
    let routes: Record<string, RouteModule>;
    let database: Db;
    let receiver: http.Server;
    let hookUrl: string;
    const people: Record<string, { user: User; cookie: string }> = {};
    const deliveries: Delivery[] = [];
    /** Answers to give, first to last; 204 once they run out. */
    const answers: number[] = [];

    const as = (who: string, method: string, path: string, json?: unknown) =>
      request(method, path, { cookie: people[who]!.cookie, ...(json === undefined ? {} : { json }) });
    const create = async (who: string, prompt: string) =>
      (
        await routes.tasks!.POST!(
          as(who, "POST", "/api/tasks", { provider: "aivideomaker", model: "t2v", input: clip(prompt) }),
          params({}),
        )
      ).status;
    const settings = async (json: unknown) => routes.alerts!.PUT!(as("Ada", "PUT", "/api/admin/alerts", json), params({}));
    const alertsOf = (kind: string) =>
      database
        .select()
        .from(spendAlerts)
        .where(eq(spendAlerts.kind, kind as never));
    const secret = async () =>
      (await (await routes.alerts!.GET!(as("Ada", "GET", "/api/admin/alerts"), params({}))).json()).settings.secret;

    beforeAll(async () => {
      receiver = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          deliveries.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
          res.statusCode = answers.shift() ?? 204;
          res.end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
      hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/cutroom`;
      app = await startApp(kind);
      routes = {
        tasks: await import("@/app/api/tasks/route"),
        alerts: await import("@/app/api/admin/alerts/route"),
        test: await import("@/app/api/admin/alerts/test/route"),
        budget: await import("@/app/api/admin/budgets/[provider]/route"),
      } as unknown as Record<string, RouteModule>;
      const { db } = await import("@/lib/server/db");
      database = await db();
      Object.assign(
        people,
        await signedInPeople([
          ["Ada", "admin"],
          ["Bo", "member"],
        ]),
      );
    });
    afterAll(async () => {
      await app?.stop();
      await new Promise((resolve) => receiver?.close(resolve));
    });

    it("refuses a webhook that is not https, and keeps alerts in the app while none is set", async () => {
      const plain = await settings({ webhookUrl: "http://hooks.example.com/x" });
      expect(plain.status).toBe(422);
      expect((await plain.json()).error.fields).toEqual({
        webhookUrl: "Use an https:// address, such as a Slack or Discord incoming webhook.",
      });
      expect((await settings({ webhookUrl: "https://user:pw@hooks.example.com/x" })).status).toBe(422);

      const saved = await routes.budget!.PUT!(
        as("Ada", "PUT", "/api/admin/budgets/aivideomaker", { team: { ...noLimits, teamMonthly: 50 }, overrides: [] }),
        params({ provider: "aivideomaker" }),
      );
      expect(saved.status).toBe(200);
      // 15, 30, then 45 of 50: past 80% with the third.
      for (const index of [1, 2]) expect(await create("Bo", `under 80% ${index}`)).toBe(201);
      expect(await alertsOf("budget_80")).toHaveLength(0);
      expect(await create("Bo", "past 80%")).toBe(201);
      const [alert] = await waitFor(async () => {
        const rows = await alertsOf("budget_80");
        return rows.length === 1 && rows[0]!.attempts > 0 ? rows : null;
      });
      expect(alert!.message).toBe("AIVideoMaker: the team's monthly budget is past 80% (45 of 50 credits).");
      expect(deliveries).toHaveLength(0);
      const listed = (await (await routes.alerts!.GET!(as("Ada", "GET", "/api/admin/alerts"), params({}))).json()).alerts;
      expect(listed[0]).toMatchObject({ kind: "budget_80", delivery: "in-app", providerLabel: "AIVideoMaker" });
    });

    it("delivers a signed alert when a create is refused at the limit, once per period", async () => {
      const saved = await settings({ webhookUrl: hookUrl });
      expect(saved.status).toBe(200);
      expect(await create("Bo", "over the budget")).toBe(402);
      await waitFor(async () => deliveries.length === 1);
      const [delivery] = deliveries;
      // Verified by the receiver's side of Standard Webhooks, with the secret the admin sees.
      const verified = new Webhook(await secret()).verify(delivery!.body, delivery!.headers) as Record<string, unknown>;
      expect(verified).toMatchObject({
        text: "Cutroom: AIVideoMaker: the team's monthly budget is used up (45 of 50 credits); creates that would pass it are refused.",
        content: "Cutroom: AIVideoMaker: the team's monthly budget is used up (45 of 50 credits); creates that would pass it are refused.",
        alert: { kind: "budget_100", provider: "aivideomaker", period: new Date().toISOString().slice(0, 7) },
      });
      // A forged body does not verify.
      expect(() =>
        new Webhook(`whsec_${Buffer.from("not the secret").toString("base64")}`).verify(delivery!.body, delivery!.headers),
      ).toThrow();
      // Refused again: the alert was already raised this month.
      expect(await create("Bo", "over the budget again")).toBe(402);
      expect(await alertsOf("budget_100")).toHaveLength(1);
    });

    it("retries a delivery the receiver failed, with backoff, until it is taken", async () => {
      answers.push(500);
      const before = deliveries.length;
      const sent = await routes.test!.POST!(as("Ada", "POST", "/api/admin/alerts/test"), params({}));
      expect((await sent.json()).outcome).toBe("failed");
      expect(deliveries).toHaveLength(before + 1);
      const [failed] = await alertsOf("test");
      expect(failed).toMatchObject({ attempts: 1, lastError: "The webhook answered HTTP 500.", deliveredAt: null });
      const { deliverDueAlerts } = await import("@/lib/server/budgets/alerts");
      // Not before its wait is over.
      expect(await deliverDueAlerts(database)).toBe(0);
      expect(await deliverDueAlerts(database, new Date(Date.now() + 31_000))).toBe(1);
      expect(deliveries).toHaveLength(before + 2);
      expect((await alertsOf("test"))[0]).toMatchObject({ attempts: 2, deliveredAt: expect.any(Date), lastError: null });
    });

    it("alerts when a task waits for approval, and records changes of the webhook without the secret", async () => {
      await routes.budget!.PUT!(
        as("Ada", "PUT", "/api/admin/budgets/aivideomaker", { team: { ...noLimits, approvalAbove: 10 }, overrides: [] }),
        params({ provider: "aivideomaker" }),
      );
      const before = deliveries.length;
      expect(await create("Bo", "needs an approval")).toBe(201);
      await waitFor(async () => deliveries.length === before + 1);
      expect(JSON.parse(deliveries.at(-1)!.body).text).toMatch(
        /^Cutroom: Bo asks for approval: .+ on AIVideoMaker, expected 15 credits\.$/,
      );

      const old = await secret();
      const rotated = await settings({ webhookUrl: hookUrl, newSecret: true });
      expect((await rotated.json()).settings.secret).not.toBe(old);
      const audit = await database.select().from(auditLog).where(eq(auditLog.action, "alerts_changed"));
      expect(audit.at(-1)).toMatchObject({ after: { webhookHost: new URL(hookUrl).host, secretReplaced: true } });
      // Neither the secret nor the URL itself (an incoming-webhook URL is a credential) is recorded.
      expect(JSON.stringify(audit)).not.toContain(old);
      expect(JSON.stringify(audit)).not.toContain("/hooks/cutroom");
    });
  });
}

defineAlertSuite(testDatabaseKind());
