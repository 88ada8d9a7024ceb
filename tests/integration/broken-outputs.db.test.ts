import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import type { User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";
import { freePort } from "../support/free-port";
import { SAMPLE_MP4, SAMPLE_PNG, startHostileProvider, type HostileProvider } from "../support/hostile-provider";
import { probeVideo } from "../support/probe-video";
import { waitFor } from "../support/sandbox";

// Outputs that are broken or gone (issue 14), driven by the sandboxes' output fault knob through
// the real sandbox and database: a finished task whose file does not play, or that the provider no
// longer has, ends with that said on the task, nothing kept, a 404 (never a 502) from the media
// route, and a Re-check that works once the file is back. Retries are driven by calling the archive
// directly, as its job would after each backoff. And the other side of the sandbox's media: a
// result is the shape and length that was asked for.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;

function defineBrokenOutputsSuite(kind: DbKind) {
  describe(`broken and gone outputs on ${kind}`, () => {
    let app: AppFixture;
    let hostile: HostileProvider;
    let database: Db;
    let member: User;
    let cookie: string;
    let modules: {
      archive: typeof import("@/lib/server/tasks/archive");
      createTask: typeof import("@/lib/server/tasks/create-task").createTask;
      reconcileProvider: typeof import("@/lib/server/tasks/reconcile").reconcileProvider;
      getProvider: typeof import("@/lib/server/providers/registry").getProvider;
      saveUpload: typeof import("@/lib/server/uploads/service").saveUpload;
      schema: typeof import("@/lib/server/db/schema");
      routes: { task: RouteModule; media: RouteModule; recheck: RouteModule };
    };

    const session = () => ({ id: member.id, name: member.name, email: member.email, role: member.role });
    const readTask = async (id: string) => (await database.select().from(modules.schema.tasks).where(eq(modules.schema.tasks.id, id)))[0]!;
    const eventsOf = async (id: string) =>
      (await database.select().from(modules.schema.taskEvents).where(eq(modules.schema.taskEvents.taskId, id))).map(
        (event) => event.message,
      );
    const storedFiles = (id: string) => {
      const dir = path.join(app.dataDir, "media");
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.startsWith(id)) : [];
    };
    const viewOf = async (id: string) =>
      (await (await modules.routes.task.GET!(request("GET", `/api/tasks/${id}`, { cookie }), params({ id }))).json()).task;
    const getMedia = (id: string) => modules.routes.media.GET!(request("GET", `/api/media/${id}`, { cookie }), params({ id }));
    const recheck = (id: string) =>
      modules.routes.recheck.POST!(request("POST", `/api/tasks/${id}/recheck-output`, { cookie }), params({ id }));
    /** Requests the AIVideoMaker sandbox received for its media files. */
    const mediaHits = () => app.sandbox.requests.filter((item) => new URL(item.url).pathname.startsWith("/media/")).length;

    /** An AIVideoMaker task created through Cutroom and reconciled until the provider reports it finished. */
    const finishedAtProvider = async (model: string, input: Record<string, unknown>) => {
      const task = await modules.createTask(database, session(), { provider: "aivideomaker", model, input });
      // At the pace of a reconciler, not a busy loop: each pass spends one of the 48 list calls a
      // minute, and on a fast machine a 100 ms loop spent them all within this file's first tests.
      await waitFor(
        async () => {
          await modules.reconcileProvider(database, modules.getProvider("aivideomaker"), { submitRetryAfterMs: 60_000 });
          return (await readTask(task.id)).state === "succeeded";
        },
        30_000,
        500,
      );
      return task.id;
    };

    /** The media route's answer is a 404 with a JSON error saying `message`, never a 502. */
    const expectNoMedia = async (id: string, message: string) => {
      const served = await getMedia(id);
      expect(served.status).toBe(404);
      expect(served.headers.get("content-type")).toMatch(/^application\/json/);
      expect((await served.json()).error).toMatchObject({ code: "NOT_FOUND", message });
    };

    beforeAll(async () => {
      app = await startApp(kind);
      hostile = await startHostileProvider("127.0.0.1");
      const { db } = await import("@/lib/server/db");
      const { createUser } = await import("@/lib/server/users/service");
      modules = {
        archive: await import("@/lib/server/tasks/archive"),
        createTask: (await import("@/lib/server/tasks/create-task")).createTask,
        reconcileProvider: (await import("@/lib/server/tasks/reconcile")).reconcileProvider,
        getProvider: (await import("@/lib/server/providers/registry")).getProvider,
        saveUpload: (await import("@/lib/server/uploads/service")).saveUpload,
        schema: await import("@/lib/server/db/schema"),
        routes: {
          task: (await import("@/app/api/tasks/[id]/route")) as unknown as RouteModule,
          media: (await import("@/app/api/media/[id]/route")) as unknown as RouteModule,
          recheck: (await import("@/app/api/tasks/[id]/recheck-output/route")) as unknown as RouteModule,
        },
      };
      database = await db();
      member = await createUser(database, { name: "Ines", email: "ines@example.com", password: "member password 1", role: "member" });
      cookie = await sessionCookie(member);
    });

    afterEach(() => app.sandbox.sandbox.faults.set({}));

    afterAll(async () => {
      await hostile?.stop();
      await app?.stop();
    });

    describe("an output that does not play (output: tiny)", () => {
      it("ends the task OUTPUT_UNREADABLE with nothing kept, says so on its page, and Re-check keeps the copy once the file plays", async () => {
        app.sandbox.sandbox.faults.set({ output: "tiny" });
        const id = await finishedAtProvider("t2v", { prompt: "a tiny output", aspectRatio: "16:9", duration: "5" });
        // What the provider hands out is a few hundred bytes that look like an MP4.
        const served = await fetch((await readTask(id)).outputUrl!);
        const tiny = Buffer.from(await served.arrayBuffer());
        expect(served.headers.get("content-type")).toBe("video/mp4");
        expect(tiny.length).toBeLessThan(1000);
        expect(tiny.subarray(4, 8).toString("latin1")).toBe("ftyp");

        expect(await modules.archive.archiveTask(database, id)).toBe("unreadable");
        const message = "The provider's file is not a playable video: the file holds no video stream. It was not kept.";
        expect(await readTask(id)).toMatchObject({
          state: "succeeded",
          errorCode: "OUTPUT_UNREADABLE",
          errorMessage: message,
          mediaPath: null,
          posterPath: null,
          archiveAttempts: modules.archive.MAX_ARCHIVE_ATTEMPTS,
          archiveRetryAt: null,
        });
        expect(storedFiles(id)).toEqual([]);
        expect(await eventsOf(id)).toContain(message);

        const view = await viewOf(id);
        expect(view.media).toBeNull();
        expect(view.canRecheckOutput).toBe(true);
        expect(view.error).toMatchObject({ code: "OUTPUT_UNREADABLE", message, advice: expect.stringContaining("Re-check") });
        await expectNoMedia(id, message);

        // The archive's later runs leave it be: no more fetches, no poster tries.
        const hits = mediaHits();
        for (let run = 0; run < 3; run++) expect(await modules.archive.archiveTask(database, id)).toBe("skipped");
        expect(mediaHits()).toBe(hits);
        expect((await readTask(id)).posterAttempts).toBeLessThanOrEqual(modules.archive.MAX_POSTER_ATTEMPTS);

        // A Re-check while the file is still broken comes to the same end.
        expect((await recheck(id)).status).toBe(200);
        expect(await readTask(id)).toMatchObject({ errorCode: "OUTPUT_UNREADABLE", mediaPath: null });

        app.sandbox.sandbox.faults.set({});
        const rechecked = await recheck(id);
        expect(rechecked.status).toBe(200);
        const after = (await rechecked.json()).task;
        expect(after).toMatchObject({ error: null, canRecheckOutput: false, media: { url: `/api/media/${id}` } });
        const row = await readTask(id);
        expect(row).toMatchObject({
          errorCode: null,
          mediaPath: `media/${id}.mp4`,
          mediaMime: "video/mp4",
          mediaWidth: 640,
          mediaHeight: 360,
        });
        expect(row.posterPath).not.toBeNull();
        expect(fs.readFileSync(path.join(app.dataDir, row.mediaPath!)).length).toBe(row.mediaBytes);
        expect((await eventsOf(id)).join("\n")).toMatch(/Ines asked Cutroom to try the output again\.[\s\S]*Saved a copy of the output/);
        expect((await getMedia(id)).status).toBe(200);
      });

      /** A task the provider reports finished with a file from the hostile host as its output. */
      const hostileTask = async (file: string) => {
        const id = randomUUID();
        await database.insert(modules.schema.tasks).values({
          id,
          ownerId: member.id,
          provider: "aivideomaker",
          model: "t2v",
          sandbox: false,
          input: { prompt: file },
          promptText: file,
          state: "succeeded",
          idempotencyKey: `hostile-${id}`,
          providerTaskId: `p-${id}`,
          outputUrl: `${hostile.origin}/${file}`,
          outputKind: "video",
          finishedAt: new Date(),
        });
        return id;
      };

      it("refuses a video whose header claims a length over no frames: nothing to play is nothing kept", async () => {
        const id = await hostileTask("frameless.mp4");
        expect(await modules.archive.archiveTask(database, id)).toBe("unreadable");
        const row = await readTask(id);
        expect(row).toMatchObject({ mediaPath: null, errorCode: "OUTPUT_UNREADABLE" });
        expect(row.errorMessage).toMatch(/no frame of the video can be decoded/);
        expect(storedFiles(id)).toEqual([]);
      });

      it("gives up on a poster after its capped tries, and keeps the copy", async () => {
        const id = await hostileTask("video.mp4");
        expect(await modules.archive.archiveTask(database, id)).toBe("archived");
        const archived = await readTask(id);
        expect(archived.posterPath).not.toBeNull();
        // The kept copy is damaged on disk afterwards: no poster can be made from it any more.
        fs.writeFileSync(path.join(app.dataDir, archived.mediaPath!), Buffer.alloc(64));
        fs.rmSync(path.join(app.dataDir, archived.posterPath!));
        await database.update(modules.schema.tasks).set({ posterPath: null, posterAttempts: 0 }).where(eq(modules.schema.tasks.id, id));
        // Each later run (after its backoff) tries once more, up to the cap, and then no more.
        for (let run = 0; run < modules.archive.MAX_POSTER_ATTEMPTS + 3; run++) {
          expect(await modules.archive.archiveTask(database, id)).toBe("skipped");
          expect((await readTask(id)).posterAttempts).toBeLessThanOrEqual(modules.archive.MAX_POSTER_ATTEMPTS);
        }
        expect(await readTask(id)).toMatchObject({
          posterPath: null,
          posterAttempts: modules.archive.MAX_POSTER_ATTEMPTS,
          errorCode: null,
          mediaPath: archived.mediaPath,
        });
        expect(storedFiles(id)).toEqual([`${id}.mp4`]);
        expect(hostile.hits("/video.mp4")).toBeGreaterThanOrEqual(1);
      });
    });

    describe("an output the provider no longer has (output: missing)", () => {
      it("tries a few times, then ends OUTPUT_GONE: the media route answers 404 with a JSON error, and the timeline does not say it plays", async () => {
        app.sandbox.sandbox.faults.set({ output: "missing" });
        const id = await finishedAtProvider("t2v", { prompt: "a missing output", aspectRatio: "1:1", duration: "8" });
        expect((await fetch((await readTask(id)).outputUrl!)).status).toBe(404);

        for (const attempt of [1, 2]) {
          expect(await modules.archive.archiveTask(database, id)).toBe("retry");
          const row = await readTask(id);
          expect(row).toMatchObject({ errorCode: null, mediaPath: null, archiveAttempts: attempt });
          expect(row.archiveRetryAt!.getTime()).toBeGreaterThan(Date.now());
          expect((await eventsOf(id)).join("\n")).toMatch(
            new RegExp(
              `Could not copy the output yet \\(the output answered HTTP 404\\); Cutroom tries again in \\d+ min \\(try ${attempt} of`,
            ),
          );
          // Not copied, and the provider has nothing to relay: a 404 that says so.
          await expectNoMedia(id, "The provider is not serving this output right now, and Cutroom has no copy of it yet.");
        }

        expect(await modules.archive.archiveTask(database, id)).toBe("gone");
        const message = "The provider no longer has the output (the output answered HTTP 404), so Cutroom has no copy of it.";
        expect(await readTask(id)).toMatchObject({
          errorCode: "OUTPUT_GONE",
          errorMessage: message,
          mediaPath: null,
          archiveRetryAt: null,
          archiveAttempts: modules.archive.MAX_ARCHIVE_ATTEMPTS,
        });
        expect(storedFiles(id)).toEqual([]);
        await expectNoMedia(id, message);

        const view = await viewOf(id);
        expect(view).toMatchObject({ media: null, canRecheckOutput: true, error: { code: "OUTPUT_GONE", message } });
        const timeline = view.events.map((event: { message: string }) => event.message).join("\n");
        expect(timeline).toContain(message);
        expect(timeline).not.toMatch(/plays? from the provider/i);

        // Gone is the end: later runs fetch nothing.
        const hits = mediaHits();
        expect(await modules.archive.archiveTask(database, id)).toBe("skipped");
        expect(mediaHits()).toBe(hits);

        app.sandbox.sandbox.faults.set({});
        expect((await recheck(id)).status).toBe(200);
        expect(await readTask(id)).toMatchObject({ errorCode: null, mediaPath: `media/${id}.mp4`, mediaWidth: 480, mediaHeight: 480 });
      });

      it("breaks only the share of tasks outputRate names, the same ones every time", async () => {
        app.sandbox.sandbox.faults.set({ output: "missing", outputRate: 0.5 });
        const id = await finishedAtProvider("t2v", { prompt: "one of many", aspectRatio: "16:9", duration: "5" });
        const url = new URL((await readTask(id)).outputUrl!);
        const answers = [];
        for (let n = 0; n < 16; n++) {
          url.searchParams.set("task", `task-${n}`);
          const first = (await fetch(url)).status;
          expect((await fetch(url)).status).toBe(first);
          answers.push(first);
        }
        expect(new Set(answers)).toEqual(new Set([200, 404]));
      });
    });

    describe("a result matches its request", () => {
      it("archives a 9:16, 15 s request as a portrait video of 15 s", async () => {
        const id = await finishedAtProvider("t2v_v3", { prompt: "a tall waterfall", aspectRatio: "9:16", duration: "15" });
        expect((await readTask(id)).outputUrl).toMatch(/\/media\/portrait-15s\.mp4\?task=/);
        expect(await modules.archive.archiveTask(database, id)).toBe("archived");
        const row = await readTask(id);
        expect(row).toMatchObject({ mediaWidth: 360, mediaHeight: 640 });
        const probed = await probeVideo(path.join(app.dataDir, row.mediaPath!));
        expect(probed).toMatchObject({ width: 360, height: 640 });
        expect(probed.seconds).toBeCloseTo(15, 1);
        // Longer than the 5 s sample, and still small.
        expect(row.mediaBytes!).toBeGreaterThan(SAMPLE_MP4.length);
        expect(row.mediaBytes!).toBeLessThan(400_000);
      });

      it("makes a long video as long as all its segments", async () => {
        // The account measured live no longer lists lv; this one does.
        const { DEFAULT_SUPPORTED_MODELS } = await import("@/lib/server/sandbox/aivideomaker/contract");
        const { forgetAccount } = await import("@/lib/server/providers/account");
        const { getProvider } = await import("@/lib/server/providers/registry");
        app.sandbox.sandbox.faults.set({ supportedModels: [...DEFAULT_SUPPORTED_MODELS, "lv"] });
        forgetAccount(getProvider("aivideomaker"));
        const upload = await modules.saveUpload(database, member.id, SAMPLE_PNG, "first-frame.png");
        const id = await finishedAtProvider("lv", { image: { uploadId: upload.id }, segments: ["dawn", "noon", "dusk"] });
        expect(await modules.archive.archiveTask(database, id)).toBe("archived");
        const probed = await probeVideo(path.join(app.dataDir, (await readTask(id)).mediaPath!));
        expect(probed.seconds).toBeCloseTo(15, 1);
      });
    });

    describe("the built-in sandbox, read through its fence", () => {
      let sandboxKey: string;
      let realKey: string;
      let reset: () => void;
      let sandboxRoute: RouteModule;
      let origin: string;

      /** Sets the hosted sandbox's knobs through its control plane, as an operator would. */
      const setFaults = async (faults: Record<string, unknown>) => {
        const answer = await sandboxRoute.PUT!(
          request("PUT", "/api/sandbox/aivideomaker/_sandbox/faults", { json: faults, headers: { key: sandboxKey } }),
          params({ provider: "aivideomaker", path: ["_sandbox", "faults"] }),
        );
        expect(answer.status).toBe(200);
      };
      const sandboxTask = async (file: string) => {
        const id = randomUUID();
        await database.insert(modules.schema.tasks).values({
          id,
          ownerId: member.id,
          provider: "aivideomaker",
          model: "t2v_v3",
          sandbox: true,
          input: { prompt: "fenced", aspectRatio: "9:16", duration: "15" },
          promptText: "fenced",
          state: "succeeded",
          idempotencyKey: `fenced-${id}`,
          providerTaskId: `ck-${id}`,
          // Nothing listens there: the bytes can only come from the sandbox's own files.
          outputUrl: `${origin}/api/sandbox/aivideomaker/media/${file}?task=ck-${id}`,
          outputKind: "video",
          finishedAt: new Date(),
        });
        return id;
      };

      beforeAll(async () => {
        const { resetEnvForTests } = await import("@/lib/server/env");
        const { resetProvidersForTests, sandboxApiKey } = await import("@/lib/server/providers/registry");
        reset = () => (resetEnvForTests(), resetProvidersForTests());
        realKey = process.env.AIVIDEO_API_KEY!;
        // With no key, Cutroom hosts AIVideoMaker's sandbox itself.
        delete process.env.AIVIDEO_API_KEY;
        reset();
        sandboxKey = sandboxApiKey();
        sandboxRoute = (await import("@/app/api/sandbox/[provider]/[...path]/route")) as unknown as RouteModule;
        origin = `http://127.0.0.1:${await freePort()}`;
      });

      afterAll(async () => {
        await setFaults({});
        process.env.AIVIDEO_API_KEY = realKey;
        reset();
      });

      it("keeps a 15 s portrait clip, and honours the tiny and missing knobs", async () => {
        const good = await sandboxTask("portrait-15s.mp4");
        expect(await modules.archive.archiveTask(database, good)).toBe("archived");
        const probed = await probeVideo(path.join(app.dataDir, (await readTask(good)).mediaPath!));
        expect(probed).toMatchObject({ width: 360, height: 640 });
        expect(probed.seconds).toBeCloseTo(15, 1);

        await setFaults({ output: "tiny" });
        const tiny = await sandboxTask("portrait-15s.mp4");
        expect(await modules.archive.archiveTask(database, tiny)).toBe("unreadable");
        expect(await readTask(tiny)).toMatchObject({ errorCode: "OUTPUT_UNREADABLE", mediaPath: null });

        await setFaults({ output: "missing" });
        const missing = await sandboxTask("portrait-15s.mp4");
        expect(await modules.archive.archiveTask(database, missing)).toBe("retry");
        expect((await eventsOf(missing)).join("\n")).toMatch(/Could not copy the output yet \(the output answered HTTP 404\)/);
        await expectNoMedia(missing, "The provider is not serving this output right now, and Cutroom has no copy of it yet.");
        expect(await modules.archive.archiveTask(database, missing)).toBe("retry");
        expect(await modules.archive.archiveTask(database, missing)).toBe("gone");
        expect(await readTask(missing)).toMatchObject({ errorCode: "OUTPUT_GONE", mediaPath: null });
        await expectNoMedia(missing, (await readTask(missing)).errorMessage!);

        // A length outside what the sandbox makes is not one of its files.
        await setFaults({});
        expect(await modules.archive.archiveTask(database, await sandboxTask("portrait-600s.mp4"))).toBe("refused");
        expect(await modules.archive.archiveTask(database, tiny)).toBe("skipped");
        expect((await recheck(tiny)).status).toBe(200);
        expect(await readTask(tiny)).toMatchObject({ errorCode: null, mediaPath: `media/${tiny}.mp4` });
      });
    });
  });
}

defineBrokenOutputsSuite(testDatabaseKind());
