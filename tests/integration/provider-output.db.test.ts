import { randomUUID } from "node:crypto";
import dns from "node:dns";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import type { User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";
import { freePort } from "../support/free-port";
import { SAMPLE_MP4, SAMPLE_PNG, startHostileProvider, startInternalService, type HostileProvider } from "../support/hostile-provider";

// What Cutroom fetches from a provider's output URL and what it then serves, against a file host
// that has turned hostile: inward redirects, script posing as media, trickles, stalls, floods. Every
// server here listens on loopback; "internal" is a service on 127.0.0.2 that Cutroom must never
// reach, and the app allows only 127.0.0.1 (where the stand-in provider runs) unless a test says so.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;

const SANDBOXED_HEADERS = { "content-security-policy": "sandbox; default-src 'none'", "x-content-type-options": "nosniff" };

function defineProviderOutputSuite(kind: DbKind) {
  describe(`provider outputs on ${kind}`, () => {
    let app: AppFixture;
    let hostile: HostileProvider;
    let hostileV6: HostileProvider;
    let internal: Awaited<ReturnType<typeof startInternalService>>;
    let database: Db;
    let member: User;
    let cookie: string;
    let modules: {
      archiveTask: typeof import("@/lib/server/tasks/archive").archiveTask;
      MAX_ARCHIVE_ATTEMPTS: number;
      resetEnvForTests: typeof import("@/lib/server/env").resetEnvForTests;
      tasks: typeof import("@/lib/server/db/schema").tasks;
      taskEvents: typeof import("@/lib/server/db/schema").taskEvents;
      media: RouteModule;
      task: RouteModule;
    };

    const allowPrivate = (value: string) => {
      process.env.PROVIDER_OUTPUT_ALLOW_PRIVATE = value;
      modules.resetEnvForTests();
    };

    /** A task the provider reports finished, with this output URL. */
    const finishedTask = async (
      outputUrl: string,
      extra: { outputKind?: "video" | "image"; sandbox?: boolean; provider?: string; model?: string } = {},
    ) => {
      const id = randomUUID();
      await database.insert(modules.tasks).values({
        id,
        ownerId: member.id,
        provider: extra.provider ?? "aivideomaker",
        model: extra.model ?? "t2v",
        sandbox: extra.sandbox ?? false,
        input: { prompt: "a hostile output" },
        promptText: "a hostile output",
        state: "succeeded",
        idempotencyKey: `output-${id}`,
        providerTaskId: `p-${id}`,
        outputUrl,
        outputKind: extra.outputKind ?? "video",
        finishedAt: new Date(),
      });
      return id;
    };
    const readTask = async (id: string) => (await database.select().from(modules.tasks).where(eq(modules.tasks.id, id)))[0]!;
    const eventsOf = async (id: string) =>
      (await database.select().from(modules.taskEvents).where(eq(modules.taskEvents.taskId, id))).map((event) => event.message);
    /** Everything in DATA_DIR/media, temporary files included. */
    const storedFiles = () => {
      const dir = path.join(app.dataDir, "media");
      return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    };
    const getMedia = (id: string, headers: Record<string, string> = {}) =>
      modules.media.GET!(request("GET", `/api/media/${id}`, { cookie, headers }), params({ id }));

    /** The archive refused the output for good: said so on the task, kept nothing, will not retry. */
    const expectRefused = async (id: string, reason: RegExp) => {
      const before = storedFiles();
      expect(await modules.archiveTask(database, id)).toBe("refused");
      const task = await readTask(id);
      expect(task).toMatchObject({ mediaPath: null, errorCode: "OUTPUT_REFUSED", archiveAttempts: modules.MAX_ARCHIVE_ATTEMPTS });
      expect(task.errorMessage).toMatch(reason);
      expect((await eventsOf(id)).join("\n")).toMatch(reason);
      expect(storedFiles()).toEqual(before);
      // And the player is refused too, without another fetch.
      const hits = hostile.totalHits();
      const served = await getMedia(id);
      expect(hostile.totalHits()).toBe(hits);
      expect(served.status).toBe(404);
      expect(served.headers.get("content-type")).toMatch(/^application\/json/);
      expect(served.headers.get("content-security-policy")).toBe(SANDBOXED_HEADERS["content-security-policy"]);
      // The task page shows why, and no player.
      const view = (await (await modules.task.GET!(request("GET", `/api/tasks/${id}`, { cookie }), params({ id }))).json()).task;
      expect(view.media).toBeNull();
      expect(view.error).toMatchObject({ code: "OUTPUT_REFUSED", message: expect.stringMatching(reason) });
      expect(view.error.advice).toContain("PROVIDER_OUTPUT_ALLOW_PRIVATE");
    };

    beforeAll(async () => {
      app = await startApp(kind);
      hostile = await startHostileProvider("127.0.0.1");
      hostileV6 = await startHostileProvider("::1");
      internal = await startInternalService("127.0.0.2");
      const { db } = await import("@/lib/server/db");
      const { createUser } = await import("@/lib/server/users/service");
      const schema = await import("@/lib/server/db/schema");
      modules = {
        archiveTask: (await import("@/lib/server/tasks/archive")).archiveTask,
        MAX_ARCHIVE_ATTEMPTS: (await import("@/lib/server/tasks/archive")).MAX_ARCHIVE_ATTEMPTS,
        resetEnvForTests: (await import("@/lib/server/env")).resetEnvForTests,
        tasks: schema.tasks,
        taskEvents: schema.taskEvents,
        media: (await import("@/app/api/media/[id]/route")) as unknown as RouteModule,
        task: (await import("@/app/api/tasks/[id]/route")) as unknown as RouteModule,
      };
      database = await db();
      member = await createUser(database, { name: "Milo", email: "milo@example.com", password: "member password 1", role: "member" });
      cookie = await sessionCookie(member);
    });

    afterEach(() => allowPrivate("127.0.0.1"));

    afterAll(async () => {
      await hostile?.stop();
      await hostileV6?.stop();
      await internal?.stop();
      await app?.stop();
    });

    describe("where outputs may come from", () => {
      it("refuses a loopback output in every spelling when no private host is allowed, and sends it nothing", async () => {
        allowPrivate("");
        const hitsBefore = hostile.totalHits() + hostileV6.totalHits();
        const port = hostile.port;
        const spellings = [
          `http://127.0.0.1:${port}/video.mp4`,
          `http://localhost:${port}/video.mp4`,
          `http://LOCALHOST.:${port}/video.mp4`,
          `http://[::1]:${hostileV6.port}/video.mp4`,
          `http://[::ffff:127.0.0.1]:${port}/video.mp4`,
          `http://2130706433:${port}/video.mp4`,
          `http://0x7f000001:${port}/video.mp4`,
          `http://0177.0.0.1:${port}/video.mp4`,
          `http://127.1:${port}/video.mp4`,
        ];
        for (const url of spellings) {
          const id = await finishedTask(url);
          await expectRefused(id, /refused the provider's output: the output's (address is|host resolves to) a loopback address/);
        }
        expect(hostile.totalHits() + hostileV6.totalHits()).toBe(hitsBefore);
      });

      it("fetches from a host, an address or a range the operator allows", async () => {
        for (const allowed of ["127.0.0.1", "127.0.0.0/8", "localhost", "::ffff:127.0.0.1"]) {
          allowPrivate(allowed);
          const host = allowed === "localhost" ? "localhost" : "127.0.0.1";
          const id = await finishedTask(`http://${host}:${hostile.port}/video.mp4`);
          expect(await modules.archiveTask(database, id)).toBe("archived");
          const task = await readTask(id);
          expect(task).toMatchObject({ mediaMime: "video/mp4", mediaBytes: SAMPLE_MP4.length, errorCode: null });
          expect(fs.readFileSync(path.join(app.dataDir, task.mediaPath!)).equals(SAMPLE_MP4)).toBe(true);
        }
        allowPrivate("::1");
        expect(await modules.archiveTask(database, await finishedTask(`${hostileV6.origin}/video.mp4`))).toBe("archived");
        // An allowed name does not open other names that resolve to the same place.
        allowPrivate("media.internal.example");
        await expectRefused(await finishedTask(`http://localhost:${hostile.port}/video.mp4`), /host resolves to a loopback address/);
      });

      it("checks every redirect hop: none may lead inward, off http(s), or on forever", async () => {
        const target = encodeURIComponent(`${internal.origin}/latest/meta-data/`);
        const videoHits = hostile.hits("/video.mp4");
        const cases: [string, RegExp][] = [
          [`${hostile.origin}/redirect?to=${target}`, /the output's address is a loopback address/],
          [`${hostile.origin}/chain?hops=3&to=${target}`, /the output's address is a loopback address/],
          [
            `${hostile.origin}/redirect?to=${encodeURIComponent(`http://[::ffff:127.0.0.2]:${new URL(internal.origin).port}/`)}`,
            /loopback/,
          ],
          [`${hostile.origin}/redirect?to=${encodeURIComponent("file:///etc/passwd")}`, /only http and https addresses are fetched/],
          [`${hostile.origin}/redirect?to=${encodeURIComponent(`http://user:secret@127.0.0.1:${hostile.port}/video.mp4`)}`, /credentials/],
          [`${hostile.origin}/chain?hops=9&to=${encodeURIComponent("/video.mp4")}`, /redirected more than 5 times/],
        ];
        for (const [url, reason] of cases) await expectRefused(await finishedTask(url), reason);
        expect(internal.hits()).toBe(0);
        expect(hostile.hits("/video.mp4")).toBe(videoHits);
        // While redirects within allowed hosts are followed as usual.
        const id = await finishedTask(`${hostile.origin}/chain?hops=4&to=${encodeURIComponent("/video.mp4")}`);
        expect(await modules.archiveTask(database, id)).toBe("archived");
      });

      it("connects to the very address it checked: a name that resolves inward a moment later gets nowhere", async () => {
        // A rebinding name: first the allowed stand-in provider, then the internal service, which
        // listens on the same port so a second look-up would really reach it.
        const inward = await startInternalService("127.0.0.2", hostile.port);
        const original = dns.lookup;
        let lookups = 0;
        const rebinding = ((hostname: string, options: unknown, callback: unknown) => {
          if (hostname !== "rebind.test") return (original as (...args: unknown[]) => void)(hostname, options, callback);
          const address = lookups++ === 0 ? "127.0.0.1" : "127.0.0.2";
          const done = callback as (error: null, address: unknown, family?: number) => void;
          if ((options as dns.LookupOptions).all) done(null, [{ address, family: 4 }]);
          else done(null, address, 4);
        }) as typeof dns.lookup;
        dns.lookup = rebinding;
        try {
          allowPrivate("127.0.0.1");
          const id = await finishedTask(`http://rebind.test:${hostile.port}/video.mp4`);
          expect(await modules.archiveTask(database, id)).toBe("archived");
          expect(inward.hits()).toBe(0);
          expect(lookups).toBe(1);
        } finally {
          dns.lookup = original;
          await inward.stop();
        }
      });

      it("relays nothing from an inward redirect to the player either, before any copy exists", async () => {
        const id = await finishedTask(`${hostile.origin}/redirect?to=${encodeURIComponent(`${internal.origin}/`)}`);
        const served = await getMedia(id);
        expect(served.status).toBe(404);
        expect((await served.json()).error.message).toBe("Cutroom will not serve the provider's file for this task.");
        expect(internal.hits()).toBe(0);
      });
    });

    describe("what outputs may be", () => {
      it("keeps only videos and images, decided by their bytes: script posing as media is refused", async () => {
        const notMedia = /the output is not a video or image Cutroom accepts/;
        await expectRefused(await finishedTask(`${hostile.origin}/owned.svg`), notMedia);
        await expectRefused(await finishedTask(`${hostile.origin}/svg-as.mp4`), notMedia);
        await expectRefused(await finishedTask(`${hostile.origin}/page.html`), notMedia);
        await expectRefused(await finishedTask(`${hostile.origin}/owned.svg`, { outputKind: "image" }), notMedia);
        await expectRefused(await finishedTask(`${hostile.origin}/image.png`), /the output is a PNG image, not a video/);
        const image = await finishedTask(`${hostile.origin}/image.png`, { outputKind: "image" });
        expect(await modules.archiveTask(database, image)).toBe("archived");
        expect(await readTask(image)).toMatchObject({ mediaMime: "image/png", mediaPath: `media/${image}.png` });
      });

      it("relays an unarchived output only as the type its bytes show, sandboxed, never SVG or HTML", async () => {
        for (const file of ["owned.svg", "svg-as.mp4", "page.html"]) {
          const served = await getMedia(await finishedTask(`${hostile.origin}/${file}`));
          expect(served.status).toBe(404);
          expect(served.headers.get("content-type")).toMatch(/^application\/json/);
          expect(await served.text()).not.toContain("<script>");
          for (const [name, value] of Object.entries(SANDBOXED_HEADERS)) expect(served.headers.get(name)).toBe(value);
        }
        const video = await getMedia(await finishedTask(`${hostile.origin}/video.mp4`));
        expect(video.status).toBe(200);
        expect(video.headers.get("content-type")).toBe("video/mp4");
        for (const [name, value] of Object.entries(SANDBOXED_HEADERS)) expect(video.headers.get(name)).toBe(value);
        expect(Buffer.from(await video.arrayBuffer()).equals(SAMPLE_MP4)).toBe(true);
      });

      it("keeps seeking working while relaying: a part from the middle is typed by its file's first bytes", async () => {
        const id = await finishedTask(`${hostile.origin}/ranged.mp4`);
        const before = hostile.hits("/ranged.mp4");
        const middle = await getMedia(id, { range: "bytes=1000-1999" });
        expect(middle.status).toBe(206);
        expect(middle.headers.get("content-type")).toBe("video/mp4");
        expect(middle.headers.get("content-range")).toBe(`bytes 1000-1999/${SAMPLE_MP4.length}`);
        expect(middle.headers.get("content-security-policy")).toBe(SANDBOXED_HEADERS["content-security-policy"]);
        expect(Buffer.from(await middle.arrayBuffer()).equals(SAMPLE_MP4.subarray(1000, 2000))).toBe(true);
        // The part itself and a short request for the start, to type it.
        expect(hostile.hits("/ranged.mp4") - before).toBe(2);
        // Safari's first probe is two bytes: too few to type, so the start is asked for as well.
        const probe = await getMedia(id, { range: "bytes=0-1" });
        expect(probe.status).toBe(206);
        expect(probe.headers.get("content-type")).toBe("video/mp4");
        expect((await probe.arrayBuffer()).byteLength).toBe(2);
        // Several ranges would come back as multipart, which is no video: the whole file is asked for.
        const several = await getMedia(id, { range: "bytes=0-1,5-6" });
        expect(several.status).toBe(200);
        expect(Buffer.from(await several.arrayBuffer()).equals(SAMPLE_MP4)).toBe(true);
      });

      it("refuses an output larger than the cap, by its declared length or by counting, and keeps nothing", async () => {
        await expectRefused(await finishedTask(`${hostile.origin}/huge`), /the output is larger than Cutroom keeps/);
        const id = await finishedTask(`${hostile.origin}/padded?extra=${2 * 1024 * 1024}`);
        expect(await modules.archiveTask(database, id, { limits: { maxBytes: 1024 * 1024 } })).toBe("refused");
        expect(await readTask(id)).toMatchObject({ mediaPath: null, errorCode: "OUTPUT_REFUSED" });
        expect(storedFiles().filter((name) => name.startsWith(id))).toEqual([]);
      });
    });

    describe("how long a download may take", () => {
      // Small limits so the test is quick; the trickle below takes longer in all than either limit.
      const limits = { headersTimeoutMs: 2000, idleTimeoutMs: 2000 };

      it("archives a slow but steady download that takes longer in total than any timeout", async () => {
        const id = await finishedTask(`${hostile.origin}/slow?pieces=15&gap=200`);
        const started = Date.now();
        expect(await modules.archiveTask(database, id, { limits })).toBe("archived");
        expect(Date.now() - started).toBeGreaterThan(limits.idleTimeoutMs);
        const task = await readTask(id);
        expect(fs.readFileSync(path.join(app.dataDir, task.mediaPath!)).equals(SAMPLE_MP4)).toBe(true);
      });

      it("gives up on a download that stalls mid-body, keeps nothing, and tries again later", async () => {
        const id = await finishedTask(`${hostile.origin}/stall`);
        expect(await modules.archiveTask(database, id, { limits: { ...limits, idleTimeoutMs: 500 } })).toBe("retry");
        expect(await readTask(id)).toMatchObject({ mediaPath: null, errorCode: null, archiveAttempts: 1 });
        expect((await eventsOf(id)).join("\n")).toMatch(
          /Could not copy the output yet \(the output sent nothing for 0.5 s\); Cutroom tries again in \d+ min \(try 1 of \d\)/,
        );
        expect(storedFiles().filter((name) => name.startsWith(id))).toEqual([]);
      });

      it("tries an empty answer again later rather than refusing it", async () => {
        const id = await finishedTask(`${hostile.origin}/empty`);
        expect(await modules.archiveTask(database, id)).toBe("retry");
        expect(await readTask(id)).toMatchObject({ mediaPath: null, errorCode: null, archiveAttempts: 1 });
        expect((await eventsOf(id)).join("\n")).toContain("the provider's file was empty");
        expect(storedFiles().filter((name) => name.startsWith(id))).toEqual([]);
      });

      it("gives up on an output that never answers", async () => {
        const id = await finishedTask(`${hostile.origin}/silent`);
        expect(await modules.archiveTask(database, id, { limits: { headersTimeoutMs: 500, idleTimeoutMs: 60_000 } })).toBe("retry");
        expect(await readTask(id)).toMatchObject({ mediaPath: null, errorCode: null });
        expect((await eventsOf(id)).join("\n")).toContain("the output did not answer within 0.5 s");
      });
    });

    describe("the built-in sandbox", () => {
      it("reads a sandbox task's output from Cutroom's own files, with no private host allowed", async () => {
        allowPrivate("");
        // Nothing listens on this port: the bytes cannot have come over HTTP.
        const origin = `http://127.0.0.1:${await freePort()}`;
        const video = await finishedTask(`${origin}/api/sandbox/aivideomaker/media/portrait.mp4`, { sandbox: true });
        const relayed = await getMedia(video, { range: "bytes=0-99" });
        expect(relayed.status).toBe(206);
        expect(relayed.headers.get("content-type")).toBe("video/mp4");
        expect(Buffer.from(await relayed.arrayBuffer()).equals(SAMPLE_MP4.subarray(0, 100))).toBe(true);
        expect(await modules.archiveTask(database, video)).toBe("archived");
        expect(fs.readFileSync(path.join(app.dataDir, (await readTask(video)).mediaPath!)).equals(SAMPLE_MP4)).toBe(true);

        // Each sandbox serves its samples under its own mount.
        const image = await finishedTask(`${origin}/api/sandbox/skills-video/media/square.png`, {
          sandbox: true,
          outputKind: "image",
          provider: "skills-video",
          model: "google/nano-banana-pro",
        });
        expect(await modules.archiveTask(database, image)).toBe("archived");
        expect(await readTask(image)).toMatchObject({ mediaMime: "image/png" });
      });

      it("never fetches for a sandbox task: a URL that is not one of its sample files is refused", async () => {
        const videoHits = hostile.hits("/video.mp4");
        await expectRefused(await finishedTask(`${hostile.origin}/video.mp4`, { sandbox: true }), /the sandbox has no such sample file/);
        expect(hostile.hits("/video.mp4")).toBe(videoHits);
      });
    });

    describe("media and upload answers", () => {
      it("carry the sandboxing headers on every answer: whole, partial, unsatisfiable, missing and refused", async () => {
        const routes = {
          upload: (await import("@/app/api/uploads/[id]/route")) as unknown as RouteModule,
          link: (await import("@/app/api/uploads/[id]/link/route")) as unknown as RouteModule,
          uploads: (await import("@/app/api/uploads/route")) as unknown as RouteModule,
          poster: (await import("@/app/api/media/[id]/poster/route")) as unknown as RouteModule,
          taskImage: (await import("@/app/api/tasks/[id]/image/route")) as unknown as RouteModule,
        };
        const { signedUploadUrl } = await import("@/lib/server/uploads/links");
        const archived = await finishedTask(`${hostile.origin}/video.mp4`);
        expect(await modules.archiveTask(database, archived)).toBe("archived");
        const uploaded = await routes.uploads.POST!(request("POST", "/api/uploads", { cookie, body: SAMPLE_PNG }), params({}));
        expect(uploaded.status).toBe(201);
        const uploadId = (await uploaded.json()).upload.id as string;
        await database
          .update(modules.tasks)
          .set({ inputUploadIds: [uploadId] })
          .where(eq(modules.tasks.id, archived));
        const missing = randomUUID();
        const link = (url: string) => {
          const { pathname, search } = new URL(url);
          return routes.link.GET!(request("GET", `${pathname}${search}`), params({ id: uploadId }));
        };

        const answers: [string, Promise<Response>, number][] = [
          ["media", getMedia(archived), 200],
          ["media range", getMedia(archived, { range: "bytes=0-9" }), 206],
          ["media unsatisfiable", getMedia(archived, { range: `bytes=${SAMPLE_MP4.length}-` }), 416],
          ["media missing", getMedia(missing), 404],
          ["media signed out", modules.media.GET!(request("GET", `/api/media/${archived}`), params({ id: archived })), 401],
          ["poster", routes.poster.GET!(request("GET", `/api/media/${archived}/poster`, { cookie }), params({ id: archived })), 200],
          ["poster missing", routes.poster.GET!(request("GET", `/api/media/${missing}/poster`, { cookie }), params({ id: missing })), 404],
          ["upload", routes.upload.GET!(request("GET", `/api/uploads/${uploadId}`, { cookie }), params({ id: uploadId })), 200],
          ["upload missing", routes.upload.GET!(request("GET", `/api/uploads/${missing}`, { cookie }), params({ id: missing })), 404],
          ["upload signed out", routes.upload.GET!(request("GET", `/api/uploads/${uploadId}`), params({ id: uploadId })), 401],
          ["task image", routes.taskImage.GET!(request("GET", `/api/tasks/${archived}/image`, { cookie }), params({ id: archived })), 200],
          [
            "task image missing",
            routes.taskImage.GET!(request("GET", `/api/tasks/${missing}/image`, { cookie }), params({ id: missing })),
            404,
          ],
          ["link", link(signedUploadUrl("http://cutroom.test", uploadId)), 200],
          ["link expired", link(signedUploadUrl("http://cutroom.test", uploadId, Date.now() - 30 * 86_400_000)), 403],
          ["link forged", link(`http://cutroom.test/api/uploads/${uploadId}/link?expires=9999999999&sig=forged`), 404],
        ];
        for (const [name, answer, status] of answers) {
          const response = await answer;
          expect({ name, status: response.status }).toEqual({ name, status });
          for (const [header, value] of Object.entries(SANDBOXED_HEADERS)) {
            expect({ name, [header]: response.headers.get(header) }).toEqual({ name, [header]: value });
          }
          await response.body?.cancel();
        }
      });
    });
  });
}

defineProviderOutputSuite(testDatabaseKind());
