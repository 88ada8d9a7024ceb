import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { auditLog, tasks, uploads, users } from "@/lib/server/db/schema";
import { finishTasks } from "../support/finish-tasks";
import { createPostgresDatabase, testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// A backup taken while the app works, restored into an empty install on a fresh "machine" (a new
// DATA_DIR, a new database): every user, task, output, upload, audit entry and session comes back
// as it was, files byte for byte, the generated secret too, so a teammate's session still works.
// Restoring over an install that has people in it is refused and changes nothing.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

function defineSuite(kind: DbKind) {
  describe(`backup and restore on ${kind}`, () => {
    let app: AppFixture;
    let people: Record<"Ines" | "Tom", Person>;
    let backupFile: string;
    let target: { dataDir: string; drop?: () => Promise<void> };
    const generatedSecret = "a-generated-secret-that-is-long-enough-0123456789";

    const snapshot = async (database: Db) => ({
      users: await database.select().from(users).orderBy(asc(users.id)),
      tasks: (await database.select().from(tasks).orderBy(asc(tasks.id))).map(({ promptSearch: _search, ...rest }) => rest),
      uploads: await database.select().from(uploads).orderBy(asc(uploads.id)),
      audit: await database.select().from(auditLog).orderBy(asc(auditLog.id)),
      events: Number(
        ((await database.execute(sql`select count(*)::int as n from task_events`)) as unknown as { rows: { n: number }[] }).rows[0]!.n,
      ),
    });
    let before: Awaited<ReturnType<typeof snapshot>>;

    beforeAll(async () => {
      app = await startApp(kind);
      const database = await (await import("@/lib/server/db")).db();
      people = (await signedInPeople([
        ["Ines", "admin"],
        ["Tom", "member"],
      ])) as typeof people;
      const { saveUpload } = await import("@/lib/server/uploads/service");
      await saveUpload(database, people.Tom.user.id, png, "portrait.png");
      const { POST } = (await import("@/app/api/tasks/route")) as unknown as { POST: Handler };
      const ids: string[] = [];
      for (const prompt of ["a harbour at dawn", "a fox in the snow"]) {
        const response = await POST(
          request("POST", "/api/tasks", {
            cookie: people.Tom.cookie,
            json: { provider: "aivideomaker", model: "t2v", input: { prompt, aspectRatio: "16:9", duration: "5" }, force: true },
          }),
          params({}),
        );
        ids.push(((await response.json()) as { task: { id: string } }).task.id);
      }
      await finishTasks(database, ids);
      // As a server without AUTH_SECRET leaves it: generated once into DATA_DIR.
      fs.writeFileSync(path.join(app.dataDir, "auth-secret"), generatedSecret, { mode: 0o600 });
      before = await snapshot(database);

      const { writeBackup } = await import("@/lib/server/backup/write");
      backupFile = path.join(os.tmpdir(), `cutroom-backup-${kind}-${Date.now()}.zip`);
      const manifest = await writeBackup(database, fs.createWriteStream(backupFile, { mode: 0o600 }));
      expect(manifest.files.map((file) => file.key)).toEqual(
        expect.arrayContaining([...before.tasks.flatMap((task) => [task.mediaPath, task.posterPath]), before.uploads[0]!.storagePath]),
      );
      expect(manifest.secrets).toEqual(["auth-secret"]);

      // A fresh machine: nothing of the old install's DATA_DIR or database.
      const { closeDatabase } = await import("@/lib/server/db/client");
      await closeDatabase();
      target = { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-restored-")) };
      process.env.DATA_DIR = target.dataDir;
      if (kind === "postgres") {
        const fresh = await createPostgresDatabase();
        process.env.DATABASE_URL = fresh.url;
        target.drop = fresh.drop;
      }
      (await import("@/lib/server/env")).resetEnvForTests();
      (await import("@/lib/server/secrets")).forgetSecretsForTests();
    });

    afterAll(async () => {
      await app?.stop();
      await target?.drop?.();
      if (target) fs.rmSync(target.dataDir, { recursive: true, force: true });
      if (backupFile) fs.rmSync(backupFile, { force: true });
    });

    it("brings every user, task, output, upload and audit entry back into an empty install", async () => {
      const database = await (await import("@/lib/server/db")).db();
      const { restoreBackup } = await import("@/lib/server/backup/restore");
      const report = await restoreBackup(database, backupFile);
      expect(report).toMatchObject({ files: 5, secrets: ["auth-secret"], keptSecrets: [] });

      const after = await snapshot(database);
      expect(after.users).toEqual(before.users);
      expect(after.tasks).toEqual(before.tasks);
      expect(after.uploads).toEqual(before.uploads);
      expect(after.audit).toEqual(before.audit);
      expect(after.events).toBe(before.events);
      expect(after.tasks.every((task) => task.mediaPath && task.posterPath)).toBe(true);

      const { readStoredFile } = await import("@/lib/server/storage/files");
      for (const task of after.tasks) expect(sha256(await readStoredFile(task.mediaPath!))).toBe(task.mediaSha256);
      expect(sha256(await readStoredFile(after.uploads[0]!.storagePath))).toBe(after.uploads[0]!.sha256);
      expect(fs.readFileSync(path.join(target.dataDir, "auth-secret"), "utf8")).toBe(generatedSecret);

      // The sessions came back with the rows: the member's cookie still opens their tasks.
      const { GET } = (await import("@/app/api/tasks/route")) as unknown as { GET: Handler };
      const listed = await GET(request("GET", "/api/tasks?owner=me", { cookie: people.Tom.cookie }), params({}));
      expect(listed.status).toBe(200);
      expect(((await listed.json()) as { items: { id: string }[] }).items.map((task) => task.id).sort()).toEqual(
        before.tasks.map((task) => task.id).sort(),
      );

      // New rows after a restore get new ids, not ones the backup's rows hold.
      const { recordEvent } = await import("@/lib/server/tasks/state-machine");
      await recordEvent(database, after.tasks[0]!.id, { source: "system", kind: "note", message: "restored" });
    });

    it("refuses to restore over an install that has people in it, and changes nothing", async () => {
      const database = await (await import("@/lib/server/db")).db();
      const { restoreBackup, RestoreRefused } = await import("@/lib/server/backup/restore");
      const count = async () => (await database.select({ id: tasks.id }).from(tasks)).length;
      const tasksBefore = await count();
      await expect(restoreBackup(database, backupFile)).rejects.toThrow(RestoreRefused);
      await expect(restoreBackup(database, backupFile)).rejects.toThrow(/already has people and work in it/);
      expect(await count()).toBe(tasksBefore);
      const notZip = path.join(target.dataDir, "not-a-backup.zip");
      fs.writeFileSync(notZip, "hello");
      await expect(restoreBackup(database, notZip)).rejects.toThrow(/is not a Cutroom backup/);
    });
  });
}

defineSuite(testDatabaseKind());
