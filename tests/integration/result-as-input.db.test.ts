import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tasks, uploads, type User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";
import { waitFor } from "../support/sandbox";

// "Use as input": a finished result becomes an upload of the person who asked. The video below is
// red for its first second and blue for its last, so the frame that comes back says which it is.

const run = promisify(execFile);
const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));

type Route = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

function defineSuite(kind: DbKind) {
  describe(`a result as the next input on ${kind}`, () => {
    let app: AppFixture;
    let asInput: Route;
    let owner: User;
    let teammate: User;
    let cookies: { owner: string; teammate: string };
    let database: Awaited<ReturnType<(typeof import("@/lib/server/db"))["db"]>>;

    const use = (cookie: string, id: string) => asInput(request("POST", `/api/tasks/${id}/as-input`, { cookie }), params({ id }));

    /** A task of `owner` whose stored output is `bytes`, as the archiver leaves a finished one. */
    const finishedWith = async (bytes: Buffer, mime: string, extension: string, patch: Partial<typeof tasks.$inferInsert> = {}) => {
      const { writeFileAtomically } = await import("@/lib/server/storage/files");
      const id = randomUUID();
      const mediaPath = await writeFileAtomically("media", `${id}.${extension}`, bytes, mime);
      await database.insert(tasks).values({
        id,
        ownerId: owner.id,
        provider: "aivideomaker",
        model: "t2v",
        sandbox: true,
        input: { prompt: "a red ball turns blue" },
        promptText: "a red ball turns blue",
        state: "succeeded",
        idempotencyKey: `cutroom-${id}`,
        outputKind: mime.startsWith("video/") ? "video" : "image",
        mediaPath,
        mediaMime: mime,
        mediaBytes: bytes.length,
        ...patch,
      });
      return id;
    };

    beforeAll(async () => {
      app = await startApp(kind);
      asInput = ((await import("@/app/api/tasks/[id]/as-input/route")) as unknown as { POST: Route }).POST;
      const { db } = await import("@/lib/server/db");
      const { createUser } = await import("@/lib/server/users/service");
      database = await db();
      owner = await createUser(database, { name: "Rhea", email: "rhea@example.com", password: "member password 1", role: "member" });
      teammate = await createUser(database, { name: "Tao", email: "tao@example.com", password: "member password 2", role: "member" });
      cookies = { owner: await sessionCookie(owner), teammate: await sessionCookie(teammate) };
    });

    afterAll(async () => {
      await app?.stop();
    });

    it("gives a video's last frame as an image of the person who asked", async () => {
      const video = path.join(app.dataDir, "red-then-blue.mp4");
      await run(ffmpeg.path, [
        ...["-hide_banner", "-loglevel", "error"],
        ...["-f", "lavfi", "-i", "color=c=red:s=64x48:d=1:r=10", "-f", "lavfi", "-i", "color=c=blue:s=64x48:d=1:r=10"],
        ...["-filter_complex", "[0][1]concat=n=2:v=1", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-y", video],
      ]);
      const id = await finishedWith(fs.readFileSync(video), "video/mp4", "mp4");

      const answer = await use(cookies.teammate, id);
      expect(answer.status).toBe(201);
      const body = await answer.json();
      expect(body).toMatchObject({ source: "last-frame", upload: { mime: "image/png", width: 64, height: 48 } });
      expect(body.upload.name).toBe("Last frame of a red ball turns blue.png");

      const [row] = await database
        .select()
        .from(uploads)
        .where((await import("drizzle-orm")).eq(uploads.id, body.upload.id));
      expect(row!.ownerId).toBe(teammate.id);
      const { readStoredFile } = await import("@/lib/server/storage/files");
      const { data } = await sharp(await readStoredFile(row!.storagePath))
        .extract({ left: 32, top: 24, width: 1, height: 1 })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const [red, , blue] = data;
      expect(blue).toBeGreaterThan(200);
      expect(red).toBeLessThan(60);
    });

    it("copies a result that still plays from the provider's link first, then gives its last frame", async () => {
      const { POST: create } = (await import("@/app/api/tasks/route")) as unknown as { POST: Route };
      const posted = await create(
        request("POST", "/api/tasks", {
          cookie: cookies.owner,
          json: { provider: "aivideomaker", model: "t2v", input: { prompt: "just finished", aspectRatio: "9:16", duration: "5" } },
        }),
        params({}),
      );
      const id = (await posted.json()).task.id as string;
      const { reconcileProvider } = await import("@/lib/server/tasks/reconcile");
      const { getProvider } = await import("@/lib/server/providers/registry");
      const { findTask } = await import("@/lib/server/db/queries/tasks");
      await waitFor(async () => {
        await reconcileProvider(database, getProvider("aivideomaker"), { submitRetryAfterMs: 60_000 });
        return (await findTask(database, id))?.state === "succeeded";
      });
      expect((await findTask(database, id))!.mediaPath).toBeNull();

      const answer = await use(cookies.teammate, id);
      expect(answer.status).toBe(201);
      // The sandbox's portrait clip is 360 x 640.
      expect(await answer.json()).toMatchObject({ source: "last-frame", upload: { mime: "image/png", width: 360, height: 640 } });
      expect((await findTask(database, id))!.mediaPath).not.toBeNull();
    });

    it("stores an image result again as an upload, re-encoded", async () => {
      const id = await finishedWith(png, "image/png", "png", { model: "seedream", outputKind: "image" });
      const answer = await use(cookies.owner, id);
      expect(answer.status).toBe(201);
      const body = await answer.json();
      expect(body).toMatchObject({ source: "image", upload: { mime: "image/png" } });
      const { width, height } = await sharp(png).metadata();
      expect(body.upload).toMatchObject({ width, height });
    });

    it("refuses a task without a stored result, or one that does not exist, and stores nothing", async () => {
      const countUploads = async () => (await database.select().from(uploads)).length;
      const before = await countUploads();
      const running = await finishedWith(png, "image/png", "png", { state: "running" });
      const refused = await use(cookies.owner, running);
      expect(refused.status).toBe(409);
      expect((await refused.json()).error.message).toMatch(/no stored result/);

      const notVideo = await finishedWith(Buffer.from("not a video at all"), "video/mp4", "mp4");
      const unreadable = await use(cookies.owner, notVideo);
      expect(unreadable.status).toBe(409);
      expect((await unreadable.json()).error.message).toMatch(/last frame/);

      expect((await use(cookies.owner, randomUUID())).status).toBe(404);
      expect((await use(cookies.owner, "not-an-id")).status).toBeGreaterThanOrEqual(400);
      expect(await countUploads()).toBe(before);
    });
  });
}

defineSuite(testDatabaseKind());
