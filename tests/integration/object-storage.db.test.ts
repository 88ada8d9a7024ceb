import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { tasks, type User } from "@/lib/server/db/schema";
import { finishTasks } from "../support/finish-tasks";
import { readZip } from "../support/read-zip";
import { startS3Server, S3_TEST_KEY, type S3ServerFixture } from "../support/s3-server";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";
import { waitFor } from "../support/sandbox";

// STORAGE=s3 against a real S3-protocol server on loopback, through the same code as production:
// uploads, archived outputs and posters go to the bucket and nowhere on local disk; media and
// uploads are served from it with Range, or by a presigned redirect when allowed (after the same
// access checks); zips read from it; the orphan sweep and deletion clean it; an archive during a
// storage outage is retried and finishes once the bucket is back, leaving nothing half-written.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

function defineSuite(kind: DbKind) {
  describe(`object storage on ${kind}`, () => {
    let app: AppFixture;
    let s3: S3ServerFixture;
    let client: S3Client;
    let database: Db;
    let owner: User;
    let cookie: string;
    let media: Handler;
    let uploadRoute: Handler;

    const bucketKeys = async () => {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
      return (listed.Contents ?? []).map((item) => item.Key!).sort();
    };
    const localFiles = (area: string) => {
      const dir = path.join(app.dataDir, area);
      return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    };
    const useStorage = async (extra: Record<string, string> = {}) => {
      Object.assign(process.env, s3.env, extra);
      for (const name of ["S3_PUBLIC_REDIRECT"]) if (!(name in extra)) delete process.env[name];
      (await import("@/lib/server/env")).resetEnvForTests();
      (await import("@/lib/server/storage/files")).resetStorageForTests();
    };
    const createTask = async (prompt: string) => {
      const { POST } = (await import("@/app/api/tasks/route")) as unknown as { POST: Handler };
      const response = await POST(
        request("POST", "/api/tasks", {
          cookie,
          json: { provider: "aivideomaker", model: "t2v", input: { prompt, aspectRatio: "16:9", duration: "5" }, force: true },
        }),
        params({}),
      );
      expect(response.status).toBe(201);
      return ((await response.json()) as { task: { id: string } }).task.id;
    };
    const taskRow = async (id: string) => (await database.select().from(tasks).where(eq(tasks.id, id)))[0]!;

    beforeAll(async () => {
      s3 = await startS3Server(`cutroom-${kind}`);
      app = await startApp(kind);
      await useStorage();
      client = new S3Client({
        region: "us-east-1",
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_KEY },
      });
      database = await (await import("@/lib/server/db")).db();
      const { createUser } = await import("@/lib/server/users/service");
      owner = await createUser(database, { name: "Bea", email: "bea@example.com", password: "member password 1", role: "member" });
      cookie = await sessionCookie(owner);
      media = ((await import("@/app/api/media/[id]/route")) as unknown as { GET: Handler }).GET;
      uploadRoute = ((await import("@/app/api/uploads/[id]/route")) as unknown as { GET: Handler }).GET;
    });

    afterAll(async () => {
      for (const name of Object.keys(s3?.env ?? {})) delete process.env[name];
      delete process.env.S3_PUBLIC_REDIRECT;
      (await import("@/lib/server/storage/files")).resetStorageForTests();
      client?.destroy();
      await app?.stop();
      await s3?.close();
    });

    it("keeps an upload in the bucket, not on disk, and serves it with Range", async () => {
      const { saveUpload } = await import("@/lib/server/uploads/service");
      const upload = await saveUpload(database, owner.id, png, "portrait.png");
      expect(await bucketKeys()).toContain(upload.storagePath);
      expect(localFiles("uploads")).toEqual([]);
      const { readStoredFile } = await import("@/lib/server/storage/files");
      const stored = await readStoredFile(upload.storagePath);
      expect(sha256(stored)).toBe(upload.sha256);

      const part = await uploadRoute(
        request("GET", `/api/uploads/${upload.id}`, { cookie, headers: { range: "bytes=8-23" } }),
        params({ id: upload.id }),
      );
      expect(part.status).toBe(206);
      expect(part.headers.get("content-range")).toBe(`bytes 8-23/${stored.length}`);
      expect(Buffer.from(await part.arrayBuffer())).toEqual(stored.subarray(8, 24));

      // The signed link a provider fetches the image by (APIDot) serves it from the bucket too,
      // through Cutroom even with redirects allowed (a provider may not follow one).
      await useStorage({ S3_PUBLIC_REDIRECT: "true" });
      const { signedUploadUrl } = await import("@/lib/server/uploads/links");
      const link = new URL(signedUploadUrl("http://cutroom.test", upload.id));
      const { GET: linkRoute } = (await import("@/app/api/uploads/[id]/link/route")) as unknown as { GET: Handler };
      const fetched = await linkRoute(request("GET", `${link.pathname}${link.search}`), params({ id: upload.id }));
      expect(fetched.status).toBe(200);
      expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(upload.sha256);
      const forged = await linkRoute(
        request("GET", `${link.pathname}?expires=${link.searchParams.get("expires")}&sig=forged`),
        params({ id: upload.id }),
      );
      expect(forged.status).toBe(404);
      await useStorage();
    });

    it("archives an output and its poster into the bucket, then serves it with Range or a presigned redirect after the same checks", async () => {
      const id = await createTask("a lighthouse in the bucket");
      await finishTasks(database, [id]);
      const task = await taskRow(id);
      expect(task.mediaPath).toBe(`media/${id}.mp4`);
      expect(task.posterPath).toBe(`media/${id}.poster.jpg`);
      expect(await bucketKeys()).toEqual(expect.arrayContaining([task.mediaPath, task.posterPath]));
      // Nothing stays on local disk: not the output, not the staging copy, not the poster.
      expect(localFiles("media")).toEqual([]);
      const { readStoredFile } = await import("@/lib/server/storage/files");
      const stored = await readStoredFile(task.mediaPath!);
      expect(stored.length).toBe(task.mediaBytes);
      expect(sha256(stored)).toBe(task.mediaSha256);

      const part = await media(request("GET", `/api/media/${id}`, { cookie, headers: { range: "bytes=0-99" } }), params({ id }));
      expect(part.status).toBe(206);
      expect(part.headers.get("content-type")).toBe("video/mp4");
      expect(Buffer.from(await part.arrayBuffer())).toEqual(stored.subarray(0, 100));

      await useStorage({ S3_PUBLIC_REDIRECT: "true" });
      const stranger = await media(request("GET", `/api/media/${id}`), params({ id }));
      expect(stranger.status).toBe(401);
      expect(stranger.headers.get("location")).toBeNull();
      const redirected = await media(request("GET", `/api/media/${id}?download=1`, { cookie }), params({ id }));
      expect(redirected.status).toBe(302);
      const location = new URL(redirected.headers.get("location")!);
      expect(location.origin).toBe(s3.endpoint);
      expect(location.searchParams.get("X-Amz-Expires")).toBe("300");
      const fetched = await fetch(location);
      expect(fetched.status).toBe(200);
      expect(fetched.headers.get("content-disposition")).toMatch(/^attachment; filename="cutroom-t2v-/);
      expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(task.mediaSha256);
      // Posters stay served by Cutroom (small, and cached by the browser for a day).
      const { GET: poster } = (await import("@/app/api/media/[id]/poster/route")) as unknown as { GET: Handler };
      const still = await poster(request("GET", `/api/media/${id}/poster`, { cookie }), params({ id }));
      expect(still.status).toBe(200);
      expect(still.headers.get("content-type")).toBe("image/jpeg");
      await useStorage();

      const { outputsZip } = await import("@/lib/server/downloads/zip");
      const zip = await outputsZip(database, { ids: [id] });
      const entries = await readZip(Buffer.from(await new Response(zip.body).arrayBuffer()));
      const file = [...entries.entries()].find(([name]) => name.endsWith(".mp4"))!;
      expect(sha256(file[1].data)).toBe(task.mediaSha256);
    });

    it("retries an archive while the bucket is down, leaves nothing behind, and finishes once it is back", async () => {
      const id = await createTask("archived through an outage");
      const { reconcileProvider } = await import("@/lib/server/tasks/reconcile");
      const { getProvider } = await import("@/lib/server/providers/registry");
      await waitFor(async () => {
        await reconcileProvider(database, getProvider("aivideomaker"), { submitRetryAfterMs: 60_000 });
        return (await taskRow(id)).state === "succeeded";
      });
      const { archiveTask } = await import("@/lib/server/tasks/archive");
      const staged = () =>
        fs.readdirSync(path.dirname(app.dataDir)).filter((name) => name.startsWith("cutroom-") && name.endsWith(".part"));
      const stagedBefore = staged();
      await s3.stop();
      try {
        expect(await archiveTask(database, id)).toBe("retry");
      } finally {
        await s3.start();
      }
      const waiting = await taskRow(id);
      expect(waiting.mediaPath).toBeNull();
      expect(waiting.archiveRetryAt).not.toBeNull();
      expect(staged()).toEqual(stagedBefore);
      expect(await bucketKeys()).not.toContain(`media/${id}.mp4`);

      expect(await archiveTask(database, id)).toBe("archived");
      const done = await taskRow(id);
      expect(done.mediaPath).toBe(`media/${id}.mp4`);
      expect(await bucketKeys()).toEqual(expect.arrayContaining([`media/${id}.mp4`, `media/${id}.poster.jpg`]));
    });

    it("sweeps objects no row refers to, and keeps every referenced one", async () => {
      const { storage } = await import("@/lib/server/storage/files");
      const { sweepOrphanFiles } = await import("@/lib/server/storage/orphans");
      const stray = `media/${randomUUID()}.mp4`;
      await storage().putBytes(stray, Buffer.from("left by a crash"), "video/mp4");
      const before = await bucketKeys();
      const { removed } = await sweepOrphanFiles(database, { now: Date.now() + 2 * 60 * 60_000 });
      expect(removed).toEqual([stray]);
      expect(await bucketKeys()).toEqual(before.filter((key) => key !== stray));
    });
  });
}

defineSuite(testDatabaseKind());
