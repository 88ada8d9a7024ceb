import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { finishTasks } from "../support/finish-tasks";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";
import { waitFor } from "../support/sandbox";

// Stored files and their rows: a failed upload leaves no file, and files a crash left without a
// row are swept once they are older than the grace period, while every file a row points at, and
// every file young enough to be a write in flight, stays.

const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));
const HOUR = 60 * 60_000;

function defineStorageOrphanSuite(kind: DbKind) {
  describe(`stored files without rows on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let cookie: string;

    const dir = (area: "uploads" | "media") => path.join(app.dataDir, area);
    const list = (area: "uploads" | "media") => (fs.existsSync(dir(area)) ? fs.readdirSync(dir(area)).sort() : []);
    /** Writes a file as a crash would leave it, last changed `ageMs` ago. */
    const leave = (area: "uploads" | "media", name: string, ageMs: number) => {
      fs.mkdirSync(dir(area), { recursive: true });
      const target = path.join(dir(area), name);
      fs.writeFileSync(target, "left behind");
      age(target, ageMs);
      return name;
    };
    const age = (target: string, ageMs: number) => {
      const then = new Date(Date.now() - ageMs);
      fs.utimesSync(target, then, then);
    };

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      const { createFirstAdmin } = await import("@/lib/server/users/service");
      const admin = await createFirstAdmin(database, { name: "Ada", email: "ada@example.com", password: "admin password 1" });
      cookie = await sessionCookie(admin);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("leaves no file behind when the upload's row cannot be written", async () => {
      const { saveUpload } = await import("@/lib/server/uploads/service");
      const before = list("uploads");
      // No such user: the insert fails on its foreign key after the file was written.
      await expect(saveUpload(database, randomUUID(), png, "portrait.png")).rejects.toMatchObject({
        cause: { code: "23503", message: expect.stringContaining("uploads_owner_id_users_id_fk") },
      });
      expect(list("uploads")).toEqual(before);
    });

    it("sweeps old files no row refers to, and keeps referenced files and fresh ones", async () => {
      const uploadsRoute = await import("@/app/api/uploads/route");
      const tasksRoute = await import("@/app/api/tasks/route");
      const { sweepOrphanFiles } = await import("@/lib/server/storage/orphans");

      const uploaded = await uploadsRoute.POST(
        request("POST", "/api/uploads", { cookie, body: png, headers: { "x-file-name": "portrait.png" } }),
        params({}),
      );
      expect(uploaded.status).toBe(201);
      const { upload } = await uploaded.json();
      const created = await tasksRoute.POST(
        request("POST", "/api/tasks", {
          cookie,
          json: { provider: "aivideomaker", model: "t2v", input: { prompt: "kept", aspectRatio: "9:16", duration: "5" } },
        }),
        params({}),
      );
      const { task } = await created.json();
      await finishTasks(database, [task.id]);
      // Everything real is old too, so only its row can keep it.
      for (const area of ["uploads", "media"] as const) for (const name of list(area)) age(path.join(dir(area), name), 2 * HOUR);
      const kept = { uploads: list("uploads"), media: list("media") };
      expect(kept.uploads).toContain(`${upload.id}.png`);
      expect(kept.media).toEqual([`${task.id}.mp4`, `${task.id}.poster.jpg`]);

      const strays = [
        `uploads/${leave("uploads", `${randomUUID()}.png`, 2 * HOUR)}`,
        `uploads/${leave("uploads", `${randomUUID()}.png.${randomUUID()}.part`, 2 * HOUR)}`,
        `uploads/${leave("uploads", "not-an-id.png", 2 * HOUR)}`,
        // The task exists, but its row points at the .mp4: an older archive's copy.
        `media/${leave("media", `${task.id}.webm`, 2 * HOUR)}`,
        `media/${leave("media", `${task.id}.mp4.${randomUUID()}.part`, 2 * HOUR)}`,
      ];
      const fresh = leave("uploads", `${randomUUID()}.png`, 5 * 60_000);
      const freshPart = leave("media", `${randomUUID()}.mp4.${randomUUID()}.part`, 0);
      fs.mkdirSync(path.join(dir("uploads"), "some-directory"));
      age(path.join(dir("uploads"), "some-directory"), 2 * HOUR);

      const { removed } = await sweepOrphanFiles(database);
      expect(removed.sort()).toEqual(strays.sort());
      expect(list("uploads")).toEqual([...kept.uploads, fresh, "some-directory"].sort());
      expect(list("media")).toEqual([...kept.media, freshPart].sort());

      // The upload and the video still serve from the files that stayed.
      const served = await (
        await import("@/app/api/uploads/[id]/route")
      ).GET(request("GET", `/api/uploads/${upload.id}`, { cookie }), params({ id: upload.id }));
      expect(served.status).toBe(200);
      const media = await (
        await import("@/app/api/media/[id]/route")
      ).GET(request("GET", `/api/media/${task.id}`, { cookie }), params({ id: task.id }));
      expect(media.status).toBe(200);
      expect(media.headers.get("content-type")).toBe("video/mp4");
    });

    it("sweeps at start-up", async () => {
      const stray = leave("uploads", `${randomUUID()}.jpg`, 3 * HOUR);
      const { boot } = await import("@/lib/server/boot");
      await boot();
      await waitFor(async () => !list("uploads").includes(stray));
    });
  });
}

defineStorageOrphanSuite(testDatabaseKind());
