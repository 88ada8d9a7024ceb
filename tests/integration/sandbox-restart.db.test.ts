import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from "@/lib/server/db/client";
import { createAivideomakerSandbox } from "@/lib/server/sandbox/aivideomaker";
import { createApidotSandbox } from "@/lib/server/sandbox/apidot";
import { createSkillsVideoSandbox } from "@/lib/server/sandbox/skills-video";
import type { Sandbox, SandboxHost } from "@/lib/server/sandbox/types";
import { createPostgresDatabase, testDatabaseKind, type DbKind } from "../support/databases";
import { SANDBOX_MEDIA_DIR, waitFor } from "../support/sandbox";
import { SKILLS_VIDEO_TEST_SECRET } from "../support/skills-video-sandbox";

// Every sandbox keeps its state in the database, so a restart of Cutroom forgets nothing: tasks are
// created on one sandbox instance, then the instance and its database connection are dropped, and
// new instances on a reopened database (Postgres, and PGlite on disk as `npm start` runs it) carry
// the tasks to their end, serve them, and send the webhooks and callbacks owed from before the
// restart. The first instances never run their clock, so everything after creation is the second's.

// Parsed JSON bodies, read loosely: the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
type Received = { path: string; headers: http.IncomingHttpHeaders; raw: string; body: Loose };

const ORIGIN = "http://sandbox.test";
const KEY = "restart-test-key";
const CREDITS = 1000;

async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ path: request.url ?? "/", headers: request.headers, raw, body: JSON.parse(raw) as Loose });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A database that outlives its connection: a fresh Postgres database, or PGlite in a directory. */
async function durableDatabase(kind: DbKind): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  if (kind === "postgres") {
    const { url, drop } = await createPostgresDatabase();
    return { target: { kind: "postgres", url }, drop };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-sandbox-restart-"));
  return { target: { kind: "pglite", dataDir }, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

const kind = testDatabaseKind();

describe(`sandbox state across a restart (${kind})`, () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let database: Awaited<ReturnType<typeof durableDatabase>>;
  let handle: DatabaseHandle;
  const before: { aivideomaker?: Loose; skillsVideo?: Loose; apidot?: Loose } = {};
  let after: { aivideomaker: Sandbox; skillsVideo: Sandbox; apidot: Sandbox };

  const hostOn = (db: DatabaseHandle, extra: Partial<SandboxHost> = {}): SandboxHost => ({
    db: async () => db.db,
    apiKey: KEY,
    taskSeconds: 1,
    initialCredits: CREDITS,
    basePath: "",
    mediaDir: SANDBOX_MEDIA_DIR,
    ...extra,
  });
  const skillsVideoWebhook = () => ({ webhook: { url: `${receiver.url}/skills-video`, secret: SKILLS_VIDEO_TEST_SECRET } });
  /** A request to a sandbox app, as its route in Cutroom would hand it on. */
  const call = async (sandbox: Sandbox, method: string, pathname: string, headers: Record<string, string>, body?: unknown) => {
    const response = await sandbox.app.fetch(
      new Request(`${ORIGIN}${pathname}`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return { status: response.status, json: (await response.json()) as Loose };
  };
  const bearer = { authorization: `Bearer ${KEY}` };
  const deliveredTo = (name: string) => receiver.received.filter((item) => item.path === `/${name}`);
  /** Runs a sandbox's clock until `done` holds. */
  const tickUntil = (sandbox: Sandbox, done: () => boolean) =>
    waitFor(async () => {
      await sandbox.tick();
      return done();
    });

  beforeAll(async () => {
    receiver = await startReceiver();
    database = await durableDatabase(kind);
    const first = await openDatabase(database.target);
    const aivideomaker = createAivideomakerSandbox(hostOn(first));
    const skillsVideo = createSkillsVideoSandbox(hostOn(first, skillsVideoWebhook()));
    const apidot = createApidotSandbox(hostOn(first));
    before.aivideomaker = (
      await call(
        aivideomaker,
        "POST",
        "/api/v1/generate/t2v",
        { key: KEY, webhookurl: `${receiver.url}/aivideomaker` },
        {
          prompt: "a lighthouse",
          aspectRatio: "9:16",
          duration: "5",
        },
      )
    ).json;
    before.skillsVideo = (
      await call(skillsVideo, "POST", "/api/v1/generation/kling-ai/kling-v2.6", bearer, { prompt: "a lighthouse", duration: 5 })
    ).json;
    before.apidot = (
      await call(apidot, "POST", "/api/generate/submit", bearer, {
        model: "seedance-2",
        callback_url: `${receiver.url}/apidot`,
        input: { prompt: "a lighthouse", duration: 5, resolution: "720p" },
      })
    ).json;
    // The restart: the instances are dropped with their connection, and new ones start on the same data.
    await first.close();
    handle = await openDatabase(database.target);
    after = {
      aivideomaker: createAivideomakerSandbox(hostOn(handle)),
      skillsVideo: createSkillsVideoSandbox(hostOn(handle, skillsVideoWebhook())),
      apidot: createApidotSandbox(hostOn(handle)),
    };
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
    await receiver?.close();
  });

  it("AIVideoMaker: a task from before the restart runs to its end, is served, and sends every webhook", async () => {
    const { taskId, creditsCharged } = before.aivideomaker!;
    expect(creditsCharged).toBe(15);
    const statuses = () => deliveredTo("aivideomaker").map((item) => item.body.status as string);
    await tickUntil(after.aivideomaker, () => statuses().includes("COMPLETED"));
    // SUBMITTED was owed from before the restart; the rest happened after it.
    expect(statuses().sort()).toEqual(["COMPLETED", "PROGRESS", "SUBMITTED"]);
    const task = await call(after.aivideomaker, "GET", `/api/v1/tasks/${taskId}`, { key: KEY });
    expect(task.json).toMatchObject({ id: taskId, status: "COMPLETED", output: { url: `${ORIGIN}/media/portrait-5s.mp4?task=${taskId}` } });
    const media = await after.aivideomaker.app.fetch(new Request(task.json.output.url));
    expect(media.headers.get("content-type")).toBe("video/mp4");
    expect(await after.aivideomaker.balance()).toBe(CREDITS - 15);
  });

  it("skills.video: a generation from before the restart runs to its end, is served, and sends every signed webhook", async () => {
    const { id } = before.skillsVideo!;
    expect(before.skillsVideo).toMatchObject({ status: "IN_QUEUE", usage: { total: 40 } });
    const events = () => deliveredTo("skills-video").map((item) => item.body.type as string);
    await tickUntil(after.skillsVideo, () => events().includes("task.completed"));
    expect(events().sort()).toEqual(["task.completed", "task.created", "task.started"]);
    for (const item of deliveredTo("skills-video")) {
      expect(new Webhook(SKILLS_VIDEO_TEST_SECRET).verify(item.raw, item.headers as Record<string, string>)).toMatchObject({
        data: { prediction: { id } },
      });
    }
    const generation = await call(after.skillsVideo, "GET", `/api/v1/generation/${id}`, bearer);
    expect(generation.json).toMatchObject({
      id,
      status: "COMPLETED",
      data: { video: { url: `${ORIGIN}/media/landscape-5s.mp4?task=${id}` } },
    });
    expect((await after.skillsVideo.app.fetch(new Request(generation.json.data.video.url))).headers.get("content-type")).toBe("video/mp4");
    expect(await after.skillsVideo.balance()).toBe(CREDITS - 40);
  });

  it("APIDot: a task from before the restart runs to its end, is served and called back, and the shapes keep taking turns", async () => {
    const taskId = before.apidot!.data.task_id as string;
    await tickUntil(after.apidot, () => deliveredTo("apidot").length > 0);
    // The first task of the account answers in the "output" shape, wrapped in its callback.
    expect(deliveredTo("apidot").map((item) => item.body)).toEqual([
      {
        code: 200,
        data: {
          task_id: taskId,
          status: "finished",
          output: { files: [{ file_url: `${ORIGIN}/media/landscape-5s.mp4?task=${taskId}`, file_type: "video" }] },
          error_message: null,
        },
      },
    ]);
    const status = await call(after.apidot, "GET", `/api/generate/status/${taskId}`, bearer);
    expect(status.json.data).toMatchObject({ task_id: taskId, status: "finished" });
    expect((await after.apidot.app.fetch(new Request(status.json.data.output.files[0].file_url))).status).toBe(200);
    expect(await after.apidot.balance()).toBe(CREDITS - 50);
    // The turn count survived too: the account's second task answers in the "files" shape.
    const second = await call(after.apidot, "POST", "/api/generate/submit", bearer, {
      model: "gpt-image-2",
      input: { prompt: "a lighthouse" },
    });
    const secondStatus = await call(after.apidot, "GET", `/api/generate/status/${second.json.data.task_id}`, bearer);
    expect(secondStatus.json.data).toHaveProperty("progress");
  });
});
