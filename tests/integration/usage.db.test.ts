import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { tasks, type User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture } from "../support/app";

// The Usage page's numbers and its CSV, through the real routes and database: spend per day,
// member, model and provider over whole UTC days; members see only their own; the CSV has one row
// per task and sums to the same totals. Then reconciliation of the provider's balance against the
// ledger, with the AIVideoMaker sandbox's real balance: in step with Cutroom's tasks, and flagged
// after spend with the same key outside Cutroom.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;

function defineUsageSuite(kind: DbKind) {
  describe(`usage and reconciliation on ${kind}`, () => {
    let app: AppFixture;
    let routes: Record<string, RouteModule>;
    let database: Db;
    const people: Record<string, { user: User; cookie: string }> = {};

    const get = async (route: "usage" | "export", who: string, query: string) => {
      const path = route === "usage" ? "/api/usage" : "/api/usage/export";
      return routes[route]!.GET!(request("GET", `${path}?${query}`, { cookie: people[who]!.cookie }), params({}));
    };
    /** A finished (or running) task written straight to the table, as the ledger would hold it. */
    const seed = (
      who: string,
      provider: string,
      model: string,
      createdAt: string,
      money: {
        state?: "succeeded" | "failed" | "running";
        hold?: number;
        charged?: number | null;
        refunded?: number | null;
        sandbox?: boolean;
      },
    ) => {
      const id = randomUUID();
      return database.insert(tasks).values({
        id,
        ownerId: people[who]!.user.id,
        provider,
        model,
        sandbox: money.sandbox ?? false,
        input: { prompt: "seeded" },
        promptText: "seeded",
        state: money.state ?? "succeeded",
        idempotencyKey: `cutroom-${id}`,
        createdAt: new Date(createdAt),
        queuedAt: new Date(createdAt),
        holdCredits: money.hold ?? null,
        holdBasis: money.hold ? "quote" : null,
        creditsCharged: money.charged ?? null,
        creditsRefunded: money.refunded ?? null,
      });
    };

    beforeAll(async () => {
      app = await startApp(kind);
      routes = {
        usage: await import("@/app/api/usage/route"),
        export: await import("@/app/api/usage/export/route"),
        tasks: await import("@/app/api/tasks/route"),
      } as unknown as Record<string, RouteModule>;
      const { db } = await import("@/lib/server/db");
      database = await db();
      Object.assign(
        people,
        await signedInPeople([
          ["Ada", "admin"],
          ["Bo", "member"],
          // A name a spreadsheet would run as a formula: the CSV escapes it.
          ["=HYPERLINK(1)", "member"],
        ]),
      );
      const formula = "=HYPERLINK(1)";
      await seed("Bo", "aivideomaker", "t2v", "2026-03-01T10:00:00Z", { charged: 15, refunded: 0, hold: 15 });
      await seed("Bo", "aivideomaker", "t2v", "2026-03-01T23:59:59Z", { charged: 30, refunded: 10, hold: 30 });
      await seed("Bo", "aivideomaker", "i2v", "2026-03-02T08:00:00Z", { state: "failed", charged: 20, refunded: 20, hold: 20 });
      await seed(formula, "aivideomaker", "t2v", "2026-03-02T09:00:00Z", { state: "running", hold: 45 });
      await seed(formula, "skills-video", "kling-ai/kling-v2.6", "2026-03-03T12:00:00Z", { charged: 40, hold: 100 });
      // Outside the period, and a sandbox task of a live provider: neither counts.
      await seed("Bo", "aivideomaker", "t2v", "2026-03-04T00:00:00Z", { charged: 999 });
      await seed("Bo", "aivideomaker", "t2v", "2026-03-02T00:00:00Z", { charged: 777, sandbox: true });
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("sums what each task counts per day, member, model and provider for an admin", async () => {
      const answer = await get("usage", "Ada", "from=2026-03-01&to=2026-03-03");
      expect(answer.status).toBe(200);
      const usage = (await answer.json()).usage;
      expect(usage).toMatchObject({ from: "2026-03-01", to: "2026-03-03", scope: { kind: "team" } });
      const totals = Object.fromEntries(usage.providers.map((entry: { id: string; totals: unknown }) => [entry.id, entry.totals]));
      expect(totals).toEqual({
        aivideomaker: { credits: 15 + 20 + 0 + 45, tasks: 4 },
        "skills-video": { credits: 40, tasks: 1 },
        apidot: { credits: 0, tasks: 0 },
      });
      expect(usage.byDay).toEqual([
        { day: "2026-03-01", provider: "aivideomaker", credits: 35, tasks: 2 },
        { day: "2026-03-02", provider: "aivideomaker", credits: 45, tasks: 2 },
        { day: "2026-03-03", provider: "skills-video", credits: 40, tasks: 1 },
      ]);
      expect(usage.byMember).toEqual([
        { userId: people["=HYPERLINK(1)"]!.user.id, name: "=HYPERLINK(1)", provider: "aivideomaker", credits: 45, tasks: 1 },
        { userId: people["=HYPERLINK(1)"]!.user.id, name: "=HYPERLINK(1)", provider: "skills-video", credits: 40, tasks: 1 },
        { userId: people.Bo!.user.id, name: "Bo", provider: "aivideomaker", credits: 35, tasks: 3 },
      ]);
      expect(usage.byModel).toEqual([
        { provider: "aivideomaker", model: "t2v", modelLabel: expect.any(String), credits: 80, tasks: 3 },
        { provider: "skills-video", model: "kling-ai/kling-v2.6", modelLabel: expect.any(String), credits: 40, tasks: 1 },
        { provider: "aivideomaker", model: "i2v", modelLabel: expect.any(String), credits: 0, tasks: 1 },
      ]);
      // One provider only.
      const one = (await (await get("usage", "Ada", "from=2026-03-01&to=2026-03-03&provider=skills-video")).json()).usage;
      expect(one.providers.map((entry: { id: string }) => entry.id)).toEqual(["skills-video"]);
      expect(one.byMember).toHaveLength(1);
    });

    it("shows a member their own usage only, whatever they ask for", async () => {
      const mine = (await (await get("usage", "Bo", `from=2026-03-01&to=2026-03-03&member=${people["=HYPERLINK(1)"]!.user.id}`)).json())
        .usage;
      expect(mine.scope).toEqual({ kind: "member", userId: people.Bo!.user.id, name: "Bo" });
      expect(mine.byMember.map((row: { name: string }) => row.name)).toEqual(["Bo"]);
      expect(mine.reconciliation).toEqual([]);
      const theirs = (await (await get("usage", "Ada", `from=2026-03-01&to=2026-03-03&member=${people.Bo!.user.id}`)).json()).usage;
      expect(theirs.providers[0].totals).toEqual({ credits: 35, tasks: 3 });
    });

    it("exports one CSV row per task that sums to the same totals, with formulas escaped", async () => {
      const answer = await get("export", "Ada", "from=2026-03-01&to=2026-03-03");
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(answer.headers.get("content-disposition")).toContain("cutroom-usage-2026-03-01-to-2026-03-03.csv");
      const rows = parse(await answer.text(), { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(5);
      expect(rows.reduce((sum, row) => sum + Number(row.counted), 0)).toBe(80 + 40);
      expect(rows.map((row) => row.created_at)).toEqual([...rows.map((row) => row.created_at)].sort());
      const failed = rows.find((row) => row.state === "failed")!;
      expect(failed).toMatchObject({ model: "i2v", expected: "20", charged: "20", refunded: "20", counted: "0" });
      expect(rows.find((row) => row.state === "running")).toMatchObject({
        owner: "'=HYPERLINK(1)",
        expected: "45",
        charged: "",
        counted: "45",
      });
      // A member's export is their own.
      const own = parse(await (await get("export", "Bo", "from=2026-03-01&to=2026-03-03")).text(), { columns: true }) as unknown[];
      expect(own).toHaveLength(3);
    });

    it("refuses a period that is backwards, too long or not a date", async () => {
      const backwards = await get("usage", "Ada", "from=2026-03-05&to=2026-03-01");
      expect(backwards.status).toBe(422);
      expect((await backwards.json()).error.fields).toEqual({ to: "From must be on or before To." });
      const long = await get("usage", "Ada", "from=2024-01-01&to=2026-03-01");
      expect((await long.json()).error.fields).toEqual({ to: "Choose at most 400 days." });
      // One end given: the other is today, and the cap still holds.
      const open = await get("export", "Bo", "from=2000-01-01");
      expect(open.status).toBe(422);
      expect((await open.json()).error.fields).toEqual({ from: "Choose at most 400 days." });
      const odd = await get("export", "Ada", "from=2026-02-30");
      expect(odd.status).toBe(422);
      expect((await odd.json()).error.fields).toEqual({ from: "From is not a real date." });
    });

    it("reconciles the provider's balance with the ledger, and flags spend with the same key outside Cutroom", async () => {
      const { recordBalance, reconcileBalance } = await import("@/lib/server/budgets/reconciliation");
      const { forgetAccount } = await import("@/lib/server/providers/account");
      const { getProvider } = await import("@/lib/server/providers/registry");
      const provider = getProvider("aivideomaker");
      const read = async (at: Date) => {
        forgetAccount(provider);
        return recordBalance(database, provider, at);
      };
      const start = new Date();
      expect((await reconcileBalance(database, "aivideomaker", start)).status).toBe("no-data");
      expect(await read(start)).toBe(true);
      // Read again too soon: nothing new is noted.
      expect(await read(new Date(start.getTime() + 60_000))).toBe(false);

      for (const index of [1, 2]) {
        const made = await routes.tasks!.POST!(
          request("POST", "/api/tasks", {
            cookie: people.Bo!.cookie,
            json: {
              provider: "aivideomaker",
              model: "t2v",
              input: { prompt: `ledger ${index} [sandbox:hold]`, aspectRatio: "16:9", duration: "5" },
            },
          }),
          params({}),
        );
        expect(made.status).toBe(201);
      }
      const second = new Date(Date.now() + 6 * 60_000);
      expect(await read(second)).toBe(true);
      expect(await reconcileBalance(database, "aivideomaker", second)).toMatchObject({
        status: "ok",
        balanceDrop: 30,
        ledgerSpend: 30,
        difference: 0,
      });

      // The same key used outside Cutroom: the balance falls with no task of ours to explain it.
      const outside = await provider.submit(
        { model: "t2v", input: { prompt: "made elsewhere [sandbox:hold]", aspectRatio: "16:9", duration: "8" }, images: {} },
        { idempotencyKey: `elsewhere-${randomUUID()}` },
      );
      expect(outside).toMatchObject({ ok: true, data: { creditsCharged: 24 } });
      const third = new Date(Date.now() + 12 * 60_000);
      expect(await read(third)).toBe(true);
      const flagged = await reconcileBalance(database, "aivideomaker", third);
      expect(flagged).toMatchObject({ status: "mismatch", balanceDrop: 54, ledgerSpend: 30, difference: 24 });
      expect(flagged.message).toBe(
        "24 credits left the AIVideoMaker balance that no Cutroom task accounts for: spend with the same key outside Cutroom, or charges Cutroom did not see.",
      );
      // Health says so too (the word only: health needs no session).
      const health = await (await import("@/app/api/health/route")).GET(request("GET", "/api/health"), params({}));
      expect((await health.json()).providers.aivideomaker.ledger).toBe("mismatch");
    });
  });
}

defineUsageSuite(testDatabaseKind());
