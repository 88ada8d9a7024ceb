import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { tasks } from "@/lib/server/db/schema";
import type { DeletedTaskView } from "@/lib/shared/deleted";
import type { GalleryPage } from "@/lib/shared/gallery";
import type { RetentionView } from "@/lib/shared/retention";
import { finishTasks } from "../support/finish-tasks";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// The retention rule through its route and the sweep: off by default; only admins read or set it,
// with a field message for a number of days it cannot take; with it set, the sweep deletes the
// succeeded outputs older than that which nobody favourited (into the grace period, marked as the
// rule's doing, in the audit log), never a favourite, a newer output, a failed task or one an admin
// restored; two sweeps at once delete each output once.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

const DAY = 86_400_000;

function defineRetentionSuite(kind: DbKind) {
  describe(`the retention rule on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let route: Record<string, RouteModule>;
    let people: Record<"Owen" | "Tess" | "Ada", Person>;
    let outputs: string[];
    let applyRetention: (db: Db, now?: Date) => Promise<{ deleted: number }>;

    const call = async (name: string, method: string, who: Person | undefined, path: string, id?: string, json?: unknown) =>
      route[name]![method]!(
        request(method, path, { cookie: who?.cookie, ...(json !== undefined ? { json } : {}) }),
        params(id ? { id } : {}),
      );
    const setRule = (who: Person, days: unknown) => call("retention", "PUT", who, "/api/admin/retention", undefined, { days });
    const rule = async (query = "") =>
      ((await (await call("retention", "GET", people.Ada, `/api/admin/retention${query}`)).json()) as { retention: RetentionView })
        .retention;
    const gallery = async () =>
      ((await (await call("gallery", "GET", people.Tess, "/api/gallery")).json()) as GalleryPage).items.map((item) => item.id);
    const row = async (id: string) => (await database.select().from(tasks).where(eq(tasks.id, id)))[0]!;

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      ({ applyRetention } = await import("@/lib/server/tasks/retention"));
      route = {
        retention: (await import("@/app/api/admin/retention/route")) as unknown as RouteModule,
        tasks: (await import("@/app/api/tasks/route")) as unknown as RouteModule,
        gallery: (await import("@/app/api/gallery/route")) as unknown as RouteModule,
        favourite: (await import("@/app/api/tasks/[id]/favourite/route")) as unknown as RouteModule,
        restore: (await import("@/app/api/admin/tasks/[id]/restore/route")) as unknown as RouteModule,
        deleted: (await import("@/app/api/admin/deleted/route")) as unknown as RouteModule,
      };
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess", "member"],
        ["Ada", "admin"],
      ])) as typeof people;
      outputs = [];
      for (const prompt of ["old and unloved", "old but a favourite", "old, restored later", "old as well"]) {
        const response = await call("tasks", "POST", people.Owen, "/api/tasks", undefined, {
          provider: "aivideomaker",
          model: "t2v",
          input: { prompt, aspectRatio: "16:9", duration: "5" },
          force: true,
        });
        outputs.push(((await response.json()) as { task: { id: string } }).task.id);
      }
      await finishTasks(database, outputs);
      // Tess's favourite keeps the second one, whoever owns it.
      expect((await call("favourite", "PUT", people.Tess, `/api/tasks/${outputs[1]}/favourite`, outputs[1])).status).toBe(200);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("is off by default, and only admins see or set it, with a message for days it cannot take", async () => {
      expect(await rule()).toMatchObject({ days: null, updatedAt: null, due: 0 });
      expect((await applyRetention(database, new Date(Date.now() + 3650 * DAY))).deleted).toBe(0);
      expect((await call("retention", "GET", people.Owen, "/api/admin/retention")).status).toBe(403);
      expect((await setRule(people.Owen, 30)).status).toBe(403);
      expect((await call("retention", "GET", undefined, "/api/admin/retention")).status).toBe(401);
      for (const [days, message] of [
        [0, "Keep outputs at least 1 day."],
        [3651, "At most 3,650 days"],
        [1.5, "Enter a whole number of days."],
        ["30", "Enter a whole number of days."],
      ] as const) {
        const refused = await setRule(people.Ada, days);
        expect(refused.status, String(days)).toBe(422);
        expect(JSON.stringify(await refused.json()), String(days)).toContain(message);
      }
      expect((await call("retention", "GET", people.Ada, "/api/admin/retention?days=0")).status).toBe(422);
      expect((await call("retention", "GET", people.Ada, "/api/admin/retention?days=abc")).status).toBe(422);
      expect((await rule()).days).toBeNull();
    });

    it("deletes, at the sweep, the unfavourited outputs older than the rule: into the grace period, as the rule's doing", async () => {
      const saved = await setRule(people.Ada, 30);
      expect(saved.status).toBe(200);
      expect(((await saved.json()) as { retention: RetentionView }).retention).toMatchObject({ days: 30, updatedBy: "Ada", due: 0 });
      // A failed task is history, not an output: the rule leaves it.
      await database.execute(sql`update tasks set state = 'failed' where id = ${outputs[3]!}`);
      // Nothing is a day old yet: nothing is due, however often it sweeps.
      expect((await applyRetention(database)).deleted).toBe(0);
      expect((await rule("?days=1")).due).toBe(0);

      // A month and a day on, two sweeps at once: the two unfavourited succeeded outputs go, once each.
      const later = new Date(Date.now() + 31 * DAY);
      const sweeps = await Promise.all([applyRetention(database, later), applyRetention(database, later)]);
      expect(sweeps[0]!.deleted + sweeps[1]!.deleted).toBe(2);
      const [unloved, favourite, restored, failed] = outputs as [string, string, string, string];
      expect((await row(unloved)).deletedAt).not.toBeNull();
      expect((await row(restored)).deletedAt).not.toBeNull();
      expect((await row(favourite)).deletedAt).toBeNull();
      expect((await row(failed)).deletedAt).toBeNull();
      expect(await gallery()).toEqual([favourite]);

      const listed = (await (await call("deleted", "GET", people.Ada, "/api/admin/deleted")).json()) as { tasks: DeletedTaskView[] };
      expect(listed.tasks.find((task) => task.id === unloved)).toMatchObject({ byRetention: true, deletedBy: null, restorable: true });
      const audit = (await database.execute(
        sql`select actor_name, after from audit_log where action = 'retention_applied'`,
      )) as unknown as { rows: { actor_name: string; after: { count: number; days: number } }[] };
      expect(audit.rows.reduce((sum, entry) => sum + entry.after.count, 0)).toBe(2);
      expect(audit.rows.every((entry) => entry.actor_name === "Retention rule" && entry.after.days === 30)).toBe(true);
    });

    it("never takes a restored output again, and stops altogether when turned off", async () => {
      const [unloved, , restored] = outputs as [string, string, string];
      expect((await call("restore", "POST", people.Ada, `/api/admin/tasks/${restored}/restore`, restored)).status).toBe(200);
      expect(await row(restored)).toMatchObject({ deletedAt: null, deletedByRetention: false });
      expect((await applyRetention(database, new Date(Date.now() + 400 * DAY))).deleted).toBe(0);
      expect((await row(restored)).deletedAt).toBeNull();
      expect((await row(unloved)).deletedAt).not.toBeNull();

      // Off: a favourite taken back leaves the output due, but nothing deletes it.
      expect((await setRule(people.Ada, null)).status).toBe(200);
      expect((await call("favourite", "DELETE", people.Tess, `/api/tasks/${outputs[1]}/favourite`, outputs[1])).status).toBe(200);
      expect((await applyRetention(database, new Date(Date.now() + 400 * DAY))).deleted).toBe(0);
      expect(await rule("?days=30")).toMatchObject({ days: null });
      const changes = (await database.execute(
        sql`select before, after from audit_log where action = 'retention_changed' order by at, id`,
      )) as unknown as { rows: { before: { days: number | null }; after: { days: number | null } }[] };
      expect(changes.rows.map((entry) => [entry.before.days, entry.after.days])).toEqual([
        [null, 30],
        [30, null],
      ]);
    });
  });
}

defineRetentionSuite(testDatabaseKind());
