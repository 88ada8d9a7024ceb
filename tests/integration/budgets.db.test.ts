import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { auditLog, modelAccess, modelSpendLimits, spendAlerts, spendLimits, tasks, type Task, type User } from "@/lib/server/db/schema";
import { UNLIMITED } from "@/lib/shared/budgets";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture } from "../support/app";
import { waitFor } from "../support/sandbox";

// Spend control through the real routes, database and sandboxes: holds placed at create and settled
// by what the provider says, limits that refuse before any provider call with which limit, what is
// left and when it resets, a burst at the edge of a limit, model access, and the audit entries.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;

const SKILLS = { provider: "skills-video", model: "kling-ai/kling-v2.6" } as const;
const AVM = { provider: "aivideomaker", model: "t2v" } as const;
/** What the sandboxes charge: skills.video 8 credits a second (5 s by default), AIVideoMaker t2v 5 s = 15. */
const SKILLS_PRICE = 40;
const AVM_PRICE = 15;

const noLimits = { teamMonthly: null, memberDaily: null, memberMonthly: null, defaultHold: null, approvalAbove: null };

function defineBudgetSuite(kind: DbKind) {
  describe(`budgets and holds on ${kind}`, () => {
    let app: AppFixture;
    let routes: Record<string, RouteModule>;
    let database: Db;
    const people: Record<string, { user: User; cookie: string }> = {};

    const post = (route: string, who: string, json: unknown, path = `/api/${route}`) =>
      routes[route]!.POST!(request("POST", path, { cookie: people[who]!.cookie, json }), params({}));
    const create = (who: string, target: { provider: string; model: string }, input: Record<string, unknown>) =>
      post("tasks", who, { ...target, input });
    const setLimits = (provider: string, body: unknown) =>
      routes.budget!.PUT!(
        request("PUT", `/api/admin/budgets/${provider}`, { cookie: people.Ada!.cookie, json: body }),
        params({ provider }),
      );
    const setAccess = (body: unknown) =>
      routes.access!.PUT!(request("PUT", "/api/admin/access", { cookie: people.Ada!.cookie, json: body }), params({}));
    const row = async (id: string): Promise<Task> => (await database.select().from(tasks).where(eq(tasks.id, id)))[0]!;
    const tasksOf = (who: string, provider: string) =>
      database
        .select()
        .from(tasks)
        .where(and(eq(tasks.ownerId, people[who]!.user.id), eq(tasks.provider, provider)));
    const generateCalls = () => app.sandbox.sandbox.calls.filter((entry) => entry.endpoint === "generate").length;

    beforeAll(async () => {
      app = await startApp(kind);
      routes = {
        tasks: await import("@/app/api/tasks/route"),
        quotes: await import("@/app/api/quotes/route"),
        budget: await import("@/app/api/admin/budgets/[provider]/route"),
        budgets: await import("@/app/api/admin/budgets/route"),
        access: await import("@/app/api/admin/access/route"),
        models: await import("@/app/api/models/route"),
        cancel: await import("@/app/api/tasks/[id]/cancel/route"),
      } as unknown as Record<string, RouteModule>;
      const { db } = await import("@/lib/server/db");
      database = await db();
      Object.assign(
        people,
        await signedInPeople([
          ["Ada", "admin"],
          ["Bo", "member"],
          ["Cy", "member"],
          ["Di", "member"],
          ["Ed", "member"],
        ]),
      );
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("lets exactly 7 of 50 creates sent at once through a team budget that fits 7, with no row or provider call for the rest", async () => {
      // No history for this model yet: each create holds the admins' default, which is its price.
      const saved = await setLimits("skills-video", {
        team: { ...noLimits, teamMonthly: 7 * SKILLS_PRICE + 10, defaultHold: SKILLS_PRICE },
        overrides: [],
      });
      expect(saved.status).toBe(200);
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, index) => create("Bo", SKILLS, { prompt: `burst ${index} [sandbox:hold]` })),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(7);
      expect(statuses.filter((status) => status === 402)).toHaveLength(43);
      const refused = (await answers.find((answer) => answer.status === 402)!.json()).error;
      expect(refused).toMatchObject({
        code: "BUDGET_EXCEEDED",
        details: { limit: "team-month", provider: "skills-video", limitCredits: 290, leftCredits: 10, neededCredits: SKILLS_PRICE },
      });
      expect(refused.message).toMatch(
        /^This would pass the team's monthly budget: it needs 40 credits and 10 of 290 are left\. It resets on 1 \w+ 00:00 UTC\.$/,
      );
      const mine = await tasksOf("Bo", "skills-video");
      expect(mine).toHaveLength(7);
      expect(mine.every((task) => task.holdCredits === SKILLS_PRICE && task.holdBasis === "provider-default")).toBe(true);
      // skills.video creates over its SSE endpoint: one call per task written, none for the rest.
      expect(app.skillsVideo.sandbox.calls.filter((entry) => entry.endpoint === "stream" || entry.endpoint === "create")).toHaveLength(7);

      // The budget is the team's: another member is refused too, and the form is told before a submit.
      expect((await create("Cy", SKILLS, { prompt: "after the burst" })).status).toBe(402);
      const quote = await post("quotes", "Cy", { ...SKILLS, input: { prompt: "after the burst" } });
      expect(quote.status).toBe(200);
      const spend = (await quote.json()).quote.spend;
      expect(spend).toMatchObject({
        expected: { credits: SKILLS_PRICE, basis: "provider-default" },
        limits: [{ kind: "team-month", limit: 290, used: 280, left: 10 }],
      });
      expect(spend.refusal).toBe(refused.message);

      // Cancelling frees nothing here (skills.video cannot cancel), but lifting the budget lets it through.
      expect((await setLimits("skills-video", { team: noLimits, overrides: [] })).status).toBe(200);
      expect((await create("Cy", SKILLS, { prompt: "after the budget was lifted [sandbox:hold]" })).status).toBe(201);
    });

    it("refuses a member past their daily limit before any provider call, and honours overrides", async () => {
      const saved = await setLimits("aivideomaker", {
        team: { ...noLimits, memberDaily: 2 * AVM_PRICE + 10 },
        overrides: [
          { userId: people.Di!.user.id, memberDaily: UNLIMITED, memberMonthly: null },
          { userId: people.Ed!.user.id, memberDaily: 4 * AVM_PRICE, memberMonthly: null },
          // At the team default: not kept.
          { userId: people.Cy!.user.id, memberDaily: null, memberMonthly: null },
        ],
      });
      expect(saved.status).toBe(200);
      const overview = (await saved.json()).providers.find((entry: { provider: string }) => entry.provider === "aivideomaker");
      expect(overview.overrides).toHaveLength(2);
      expect(overview.creditValueUsd).toBe(0.01);

      const clip = (prompt: string) => ({ prompt, aspectRatio: "16:9", duration: "5" });
      for (const who of ["Cy", "Cy"]) expect((await create(who, AVM, clip(`${who} ${Math.random()} [sandbox:hold]`))).status).toBe(201);
      const before = generateCalls();
      const refused = await create("Cy", AVM, clip("one too many [sandbox:hold]"));
      expect(refused.status).toBe(402);
      const body = (await refused.json()).error;
      const midnight = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1));
      expect(body.details).toEqual({
        limit: "member-day",
        provider: "aivideomaker",
        limitCredits: 40,
        usedCredits: 30,
        leftCredits: 10,
        neededCredits: AVM_PRICE,
        resetsAt: midnight.toISOString(),
      });
      expect(body.message).toBe("This would pass your daily limit: it needs 15 credits and 10 of 40 are left. It resets at 00:00 UTC.");
      expect(generateCalls()).toBe(before);
      expect(await tasksOf("Cy", "aivideomaker")).toHaveLength(2);

      // The quote held is the price, and it is what each task was created with.
      for (const task of await tasksOf("Cy", "aivideomaker")) expect(task).toMatchObject({ holdCredits: AVM_PRICE, holdBasis: "quote" });

      // No limit for Di; four clips a day for Ed.
      for (let index = 0; index < 5; index++) expect((await create("Di", AVM, clip(`Di ${index} [sandbox:hold]`))).status).toBe(201);
      for (let index = 0; index < 4; index++) expect((await create("Ed", AVM, clip(`Ed ${index} [sandbox:hold]`))).status).toBe(201);
      expect((await create("Ed", AVM, clip("Ed over [sandbox:hold]"))).status).toBe(402);
    });

    it("releases a hold on cancel and on failure, so the member can spend it again", async () => {
      // Cy is at 30 of 40 today. A cancelled clip gives its 15 back (AIVideoMaker refunds in full).
      const [first] = await tasksOf("Cy", "aivideomaker");
      const canceled = await routes.cancel!.POST!(
        request("POST", `/api/tasks/${first!.id}/cancel`, { cookie: people.Cy!.cookie }),
        params({ id: first!.id }),
      );
      expect(canceled.status).toBe(200);
      expect(await row(first!.id)).toMatchObject({ state: "canceled", spendCredits: 0 });
      const clip = (prompt: string) => ({ prompt, aspectRatio: "16:9", duration: "5" });
      const failing = await create("Cy", AVM, clip("a clip that fails [sandbox:fail]"));
      expect(failing.status).toBe(201);
      const failedId = (await failing.json()).task.id;
      const { reconcileProvider } = await import("@/lib/server/tasks/reconcile");
      const { getProvider } = await import("@/lib/server/providers/registry");
      await waitFor(async () => {
        await reconcileProvider(database, getProvider("aivideomaker"), { submitRetryAfterMs: 60_000 });
        return (await row(failedId)).state === "failed";
      });
      // The provider refunds a failed task: nothing of it counts.
      expect(await row(failedId)).toMatchObject({ spendCredits: 0 });
      expect((await create("Cy", AVM, clip("spent again [sandbox:hold]"))).status).toBe(201);
    });

    it("settles a hold to what the provider charged, and estimates the next run from it", async () => {
      // No budget on skills.video now: holds are still placed, for the estimate and for reports.
      await setLimits("skills-video", { team: { ...noLimits, defaultHold: 100 }, overrides: [] });
      const made = await create("Di", SKILLS, { prompt: "a clip that runs", duration: 5 });
      expect(made.status).toBe(201);
      const id = (await made.json()).task.id;
      const finished = await waitFor(async () => {
        const current = await row(id);
        return current.state === "succeeded" ? current : null;
      });
      expect(finished).toMatchObject({
        holdCredits: 100,
        holdBasis: "provider-default",
        creditsCharged: SKILLS_PRICE,
        spendCredits: SKILLS_PRICE,
      });

      const quote = await post("quotes", "Di", { ...SKILLS, input: { prompt: "another prompt, same settings", duration: 5 } });
      expect((await quote.json()).quote.spend.expected).toEqual({ credits: SKILLS_PRICE, basis: "estimate", runs: 1 });
      // Other settings of the same model: the dearest charge the model has had.
      const longer = await post("quotes", "Di", { ...SKILLS, input: { prompt: "longer", duration: 10 } });
      expect((await longer.json()).quote.spend.expected).toEqual({ credits: SKILLS_PRICE, basis: "model-max" });
    });

    it("counts the hold of a task whose create died before the provider was called", async () => {
      const { insertTaskWithEvent } = await import("@/lib/server/db/queries/tasks");
      const { randomUUID } = await import("node:crypto");
      const id = randomUUID();
      await insertTaskWithEvent(
        database,
        {
          id,
          ownerId: people.Ed!.user.id,
          provider: "apidot",
          model: "veo3.1-fast",
          sandbox: true,
          input: { prompt: "written, then the process died" },
          promptText: "written, then the process died",
          state: "pending",
          idempotencyKey: `cutroom-${id}`,
          holdCredits: 70,
          holdBasis: "provider-default",
        },
        { source: "user", kind: "state", toState: "pending", message: "Created." },
      );
      const { spendSums } = await import("@/lib/server/budgets/standing");
      const scope = { provider: "apidot", sandbox: true, userId: people.Ed!.user.id } as const;
      expect(await spendSums(database, { ...scope, model: "veo3.1-fast" }, new Date())).toEqual({
        "team-month": 70,
        "member-day": 70,
        "member-month": 70,
        "model-team-month": 70,
        "model-member-month": 70,
      });
      // Another model's caps do not count it.
      expect(await spendSums(database, { ...scope, model: "veo3.1" }, new Date())).toMatchObject({
        "model-team-month": 0,
        "model-member-month": 0,
      });
      // Expired by the watchdog: released.
      const { transition } = await import("@/lib/server/tasks/state-machine");
      await transition(database, id, "expired", { source: "watchdog", message: "Too long." });
      expect(await row(id)).toMatchObject({ state: "expired", spendCredits: 0 });
    });

    it("settles from the charge and refund the provider reports, whatever the state", async () => {
      const { updateTask } = await import("@/lib/server/db/queries/tasks");
      const [task] = await tasksOf("Di", "aivideomaker");
      const spendAfter = async (patch: Parameters<typeof updateTask>[2]) => (await updateTask(database, task!.id, patch))!.spendCredits;
      expect(await spendAfter({ state: "running", creditsCharged: null, creditsRefunded: null })).toBe(AVM_PRICE);
      expect(await spendAfter({ state: "running", creditsCharged: 12 })).toBe(12);
      expect(await spendAfter({ state: "succeeded", creditsCharged: 20, creditsRefunded: 5 })).toBe(15);
      expect(await spendAfter({ state: "succeeded", creditsCharged: null, creditsRefunded: null })).toBe(AVM_PRICE);
      expect(await spendAfter({ state: "failed", creditsCharged: 20, creditsRefunded: null })).toBe(0);
      expect(await spendAfter({ state: "failed", creditsCharged: 20, creditsRefunded: 8 })).toBe(12);
      expect(await spendAfter({ state: "canceled", creditsCharged: 20, creditsRefunded: 20 })).toBe(0);
      // Cutroom stopped waiting, but the provider may still run it: its charge counts until refunded.
      expect(await spendAfter({ state: "expired", creditsCharged: 20, creditsRefunded: null })).toBe(20);
      expect(await spendAfter({ state: "expired", creditsCharged: 20, creditsRefunded: 20 })).toBe(0);
    });

    it("restricts members to the models their admins allow; admins are never restricted", async () => {
      expect((await setAccess({ subject: "*", allowed: ["aivideomaker"] })).status).toBe(200);
      const unknown = await setAccess({ subject: people.Di!.user.id, allowed: ["skills-video", "nope/model"] });
      expect(unknown.status).toBe(422);
      expect((await unknown.json()).error.fields).toEqual({ "allowed.1": "Name a provider, or a provider and one of its models." });
      expect((await setAccess({ subject: people.Di!.user.id, allowed: ["skills-video/kling-ai/kling-v2.6"] })).status).toBe(200);

      const refused = await create("Bo", SKILLS, { prompt: "not allowed" });
      expect(refused.status).toBe(403);
      expect((await refused.json()).error).toMatchObject({
        message: "Your team's admins have not allowed you this model.",
        fields: { model: "Your team's admins have not allowed you this model." },
      });
      const models = await routes.models!.GET!(request("GET", "/api/models", { cookie: people.Bo!.cookie }), params({}));
      const listed = (await models.json()).models as { provider: string; id: string; unavailable?: string }[];
      expect(listed.find((model) => model.provider === "skills-video")?.unavailable).toBe(
        "Your team's admins have not allowed you this model.",
      );
      expect(listed.find((model) => model.provider === "aivideomaker" && model.id === "t2v")?.unavailable).toBeUndefined();

      // Di's own list wins over everyone's: skills.video yes, AIVideoMaker no.
      expect((await create("Di", SKILLS, { prompt: "Di may [sandbox:hold]" })).status).toBe(201);
      expect((await create("Di", AVM, { prompt: "Di may not", aspectRatio: "16:9", duration: "5" })).status).toBe(403);
      expect((await create("Ada", SKILLS, { prompt: "admins may [sandbox:hold]" })).status).toBe(201);

      // Cleared: everyone may use everything again.
      expect((await setAccess({ subject: "*", allowed: null })).status).toBe(200);
      expect((await setAccess({ subject: people.Di!.user.id, allowed: null })).status).toBe(200);
      expect(await database.select().from(modelAccess)).toEqual([]);
      expect((await create("Bo", SKILLS, { prompt: "allowed again [sandbox:hold]" })).status).toBe(201);
    });

    it("caps one model's monthly spend, each member's and the team's, without touching the provider's other models", async () => {
      const clip = (prompt: string) => ({ prompt, aspectRatio: "16:9", duration: "5" });
      const capped = (teamMonthly: number | null, memberMonthly: number | null) =>
        setLimits("aivideomaker", { team: noLimits, overrides: [], models: [{ model: "t2v", teamMonthly, memberMonthly }] });
      const saved = await capped(null, 2 * AVM_PRICE);
      expect(saved.status).toBe(200);
      // What t2v has cost the team this month, as the Budgets page reads it.
      const teamOnModel = async () => {
        const listed = await routes.budgets!.GET!(request("GET", "/api/admin/budgets", { cookie: people.Ada!.cookie }), params({}));
        const avm = (await listed.json()).providers.find((entry: { provider: string }) => entry.provider === "aivideomaker");
        return avm.models.find((entry: { model: string }) => entry.model === "t2v")?.spentThisMonth as number;
      };
      const overview = (await saved.json()).providers.find((entry: { provider: string }) => entry.provider === "aivideomaker");
      expect(overview.models).toEqual([
        { model: "t2v", label: "Text to video", teamMonthly: null, memberMonthly: 30, spentThisMonth: await teamOnModel() },
      ]);

      // Bo has spent nothing on AIVideoMaker: two clips fit the cap, the third is refused before any call.
      for (let index = 0; index < 2; index++) expect((await create("Bo", AVM, clip(`Bo t2v ${index} [sandbox:hold]`))).status).toBe(201);
      const before = generateCalls();
      const refused = await create("Bo", AVM, clip("Bo t2v over [sandbox:hold]"));
      expect(refused.status).toBe(402);
      const body = (await refused.json()).error;
      expect(body.details).toMatchObject({
        limit: "model-member-month",
        limitCredits: 30,
        usedCredits: 30,
        leftCredits: 0,
        neededCredits: 15,
      });
      expect(body.message).toMatch(/^This would pass your monthly limit for this model: it needs 15 credits and 0 of 30 are left\./);
      expect(generateCalls()).toBe(before);
      const alert = await database
        .select()
        .from(spendAlerts)
        .where(eq(spendAlerts.subject, `${people.Bo!.user.id}:model-member-month:t2v`));
      expect(alert.map((entry) => [entry.kind, entry.message])).toEqual([
        [
          "budget_100",
          "AIVideoMaker: Bo's monthly limit for Text to video is used up (30 of 30 credits); creates that would pass it are refused.",
        ],
      ]);
      // The form is told the same before a submit, and another model of the provider is not capped.
      const quote = await post("quotes", "Bo", { ...AVM, input: clip("Bo t2v over") });
      const spend = (await quote.json()).quote.spend;
      expect(spend.limits).toEqual([expect.objectContaining({ kind: "model-member-month", limit: 30, used: 30, left: 0 })]);
      expect(spend.refusal).toBe(body.message);
      expect((await create("Bo", { provider: "aivideomaker", model: "t2v_v3" }, clip("Bo on V3 [sandbox:hold]"))).status).toBe(201);

      // The team's cap counts everyone's runs of the model: room for one more clip, then refused.
      const used = await teamOnModel();
      expect((await capped(used + AVM_PRICE, null)).status).toBe(200);
      expect((await create("Di", AVM, clip("Di t2v fits [sandbox:hold]"))).status).toBe(201);
      const teamRefused = await create("Di", AVM, clip("Di t2v over [sandbox:hold]"));
      expect(teamRefused.status).toBe(402);
      expect((await teamRefused.json()).error.details).toMatchObject({ limit: "model-team-month", leftCredits: 0 });

      // A model the provider does not have, or one named twice, is refused and nothing is written.
      const stored = await database.select().from(modelSpendLimits);
      const unknown = await setLimits("aivideomaker", {
        team: noLimits,
        overrides: [],
        models: [{ model: "kling-ai/kling-v2.6", teamMonthly: 10, memberMonthly: null }],
      });
      expect(unknown.status).toBe(422);
      expect((await unknown.json()).error.fields).toEqual({ "models.0.model": "AIVideoMaker has no model with that id." });
      const twice = await setLimits("aivideomaker", {
        team: noLimits,
        overrides: [],
        models: [
          { model: "t2v", teamMonthly: 10, memberMonthly: null },
          { model: "t2v", teamMonthly: 20, memberMonthly: null },
        ],
      });
      expect((await twice.json()).error.fields).toEqual({ "models.1.model": "Each model can have one row." });
      expect(await database.select().from(modelSpendLimits)).toEqual(stored);

      // Lifted (a row with no cap is not kept), and audited with the caps before and after.
      expect((await capped(null, null)).status).toBe(200);
      expect(await database.select().from(modelSpendLimits)).toEqual([]);
      expect((await create("Di", AVM, clip("Di t2v after the cap [sandbox:hold]"))).status).toBe(201);
      const entries = await database.select().from(auditLog).where(eq(auditLog.action, "budget_changed"));
      const last = entries.filter((entry) => entry.targetId === "aivideomaker").at(-1)!;
      expect(last.before).toMatchObject({ models: [{ model: "t2v", teamMonthly: used + AVM_PRICE, memberMonthly: null }] });
      expect(last.after).toMatchObject({ models: [] });
    });

    it("makes up to 4 variants from one request: one task and hold each, grouped, all within the limits or none", async () => {
      const clip = (prompt: string) => ({ prompt, aspectRatio: "16:9", duration: "5" });
      const rows = async () => (await tasksOf("Cy", "aivideomaker")).length;
      // Room for two more of Cy's clips today, not three.
      const spent = (await tasksOf("Cy", "aivideomaker")).reduce((sum, task) => sum + (task.spendCredits ?? 0), 0);
      await setLimits("aivideomaker", { team: { ...noLimits, memberDaily: spent + 2 * AVM_PRICE + 5 }, overrides: [] });
      const before = await rows();
      const calls = generateCalls();
      const refused = await post("tasks", "Cy", { ...AVM, input: clip("three at once [sandbox:hold]"), variants: 3 });
      expect(refused.status).toBe(402);
      expect((await refused.json()).error.details).toMatchObject({ limit: "member-day", neededCredits: 3 * AVM_PRICE });
      expect(await rows()).toBe(before);
      expect(generateCalls()).toBe(calls);
      // The form is told the same for that count before a submit.
      const quote = await post("quotes", "Cy", { ...AVM, input: clip("three at once"), variants: 3 });
      expect((await quote.json()).quote.spend.refusal).toMatch(/^This would pass your daily limit: it needs 45 credits/);

      const made = await post("tasks", "Cy", { ...AVM, input: clip("two at once [sandbox:hold]"), variants: 2 });
      expect(made.status).toBe(201);
      const body = await made.json();
      expect(body.tasks).toHaveLength(2);
      expect(body.task.id).toBe(body.tasks[0].id);
      const [first, second] = await Promise.all(body.tasks.map((task: { id: string }) => row(task.id)));
      expect(first!.batchId).toEqual(expect.any(String));
      expect(second!.batchId).toBe(first!.batchId);
      expect(body.tasks[0].batchId).toBe(first!.batchId);
      // Identical on purpose: only the first holds the in-flight request's place, so a double click is still a 409.
      expect(first!.requestHash).not.toBeNull();
      expect(second!.requestHash).toBeNull();
      for (const task of [first!, second!]) expect(task).toMatchObject({ holdCredits: AVM_PRICE, holdBasis: "quote" });
      expect(generateCalls()).toBe(calls + 2);
      await setLimits("aivideomaker", { team: noLimits, overrides: [] });
      expect((await post("tasks", "Cy", { ...AVM, input: clip("two at once [sandbox:hold]"), variants: 2 })).status).toBe(409);

      const tooMany = await post("tasks", "Cy", { ...AVM, input: clip("five"), variants: 5 });
      expect(tooMany.status).toBe(422);
      expect((await tooMany.json()).error.fields).toEqual({ variants: "At most 4 variants at once." });
    });

    it("refuses bad limits with field messages and writes nothing; members cannot set them", async () => {
      const before = await database.select().from(spendLimits);
      const negative = await setLimits("apidot", { team: { ...noLimits, memberDaily: -5 }, overrides: [] });
      expect(negative.status).toBe(422);
      expect((await negative.json()).error.fields).toEqual({ "team.memberDaily": "The daily limit per member cannot be negative." });
      const stranger = await setLimits("apidot", {
        team: { ...noLimits, teamMonthly: 10 },
        overrides: [{ userId: "00000000-0000-4000-8000-000000000000", memberDaily: 5, memberMonthly: null }],
      });
      expect(stranger.status).toBe(422);
      expect((await stranger.json()).error.fields).toEqual({ "overrides.0.userId": "That person is not on the team." });
      const unknown = await setLimits("nope", { team: noLimits, overrides: [] });
      expect(unknown.status).toBe(404);
      expect(await database.select().from(spendLimits)).toEqual(before);

      const asMember = await routes.budget!.PUT!(
        request("PUT", "/api/admin/budgets/apidot", { cookie: people.Bo!.cookie, json: { team: noLimits, overrides: [] } }),
        params({ provider: "apidot" }),
      );
      expect(asMember.status).toBe(403);
    });

    it("records every change of limits and access in the audit log, with the values before and after", async () => {
      const entries = await database.select().from(auditLog).where(eq(auditLog.action, "budget_changed"));
      const avm = entries.find((entry) => entry.targetId === "aivideomaker")!;
      expect(avm).toMatchObject({ actorId: people.Ada!.user.id, targetType: "provider", targetLabel: "AIVideoMaker" });
      expect(avm.before).toEqual({ team: noLimits, overrides: [], models: [] });
      expect((avm.after as { team: { memberDaily: number } }).team.memberDaily).toBe(40);
      const access = await database.select().from(auditLog).where(eq(auditLog.action, "model_access_changed"));
      expect(access.map((entry) => [entry.targetType, entry.before, entry.after])).toEqual([
        ["team", { allowed: null }, { allowed: ["aivideomaker"] }],
        ["user", { allowed: null }, { allowed: ["skills-video/kling-ai/kling-v2.6"] }],
        ["team", { allowed: ["aivideomaker"] }, { allowed: null }],
        ["user", { allowed: ["skills-video/kling-ai/kling-v2.6"] }, { allowed: null }],
      ]);
    });
  });
}

defineBudgetSuite(testDatabaseKind());
