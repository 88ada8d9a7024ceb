import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotOf, stateOf } from "@/lib/server/providers/skills-video/wire";
import { toCreateBody } from "@/lib/server/providers/skills-video/adapter";
import type { Generation } from "@/lib/server/providers/skills-video/wire";
import { startSkillsVideoSandbox, type SkillsVideoSandboxFixture } from "../support/skills-video-sandbox";
import { withStoppedClock } from "../support/clock";
import { waitFor } from "../support/sandbox";

// The skills.video client over real HTTP against the sandbox: SSE creates that finish, that drop
// mid-way and finish through polling, that break before or inside their first event, that never open; 402, 422 with field errors, a 429 storm.

const KLING = "kling-ai/kling-v2.6";

async function drain(updates: AsyncGenerator<Generation, void, void>): Promise<Generation[]> {
  const seen: Generation[] = [];
  for await (const generation of updates) seen.push(generation);
  return seen;
}

/**
 * Creates through the stream with the clock stopped, then moves the clock to each point of the
 * task's life (the sandbox's tasks here take 1.5 s: queued for 0.3 s, then running) and reads the
 * event it sends, so the events seen do not depend on the machine's speed.
 */
async function streamWithClock(create: () => ReturnType<ReturnType<SkillsVideoSandboxFixture["client"]>["create"]>) {
  return withStoppedClock(async (clock) => {
    const created = await create();
    if (!created.ok) throw new Error(created.errorMessage);
    const later: Generation[] = [];
    for (const elapsedMs of [750, 1500]) {
      clock.advanceTo(elapsedMs);
      const next = await created.data.updates.next();
      if (!next.done) later.push(next.value);
    }
    later.push(...(await drain(created.data.updates)));
    return { ...created.data, later };
  });
}

const json = (body: Record<string, unknown>) => ({ json: body, files: [] });
const paths = (fixture: SkillsVideoSandboxFixture) =>
  fixture.requests.map((request) => `${request.method} ${new URL(request.url).pathname}`);

describe("skills.video client against the sandbox", () => {
  let sandbox: SkillsVideoSandboxFixture;

  beforeAll(async () => {
    sandbox = await startSkillsVideoSandbox({ taskSeconds: 1.5 });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("creates through SSE and follows the stream to a finished video", async () => {
    const created = await streamWithClock(() =>
      sandbox.client().create(KLING, json({ prompt: "neon rain", duration: 5, aspect_ratio: "9:16" }), {
        idempotencyKey: "cutroom-sse-1",
      }),
    );
    expect(created.mode).toBe("sse");
    expect(created.first).toMatchObject({ id: expect.stringMatching(/^gen_/), status: "IN_QUEUE", data: null });
    // Each change once, in order, and the stream ends with the terminal one.
    expect(created.later.map((item) => item.status)).toEqual(["IN_PROGRESS", "COMPLETED"]);
    const done = snapshotOf(created.later.at(-1)!, created.first.id!);
    expect(done).toMatchObject({ state: "succeeded", outputKind: "video", creditsCharged: 40 });
    const media = await fetch(done.outputUrl!);
    expect(media.headers.get("content-type")).toBe("video/mp4");
    expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // The wire request carried the body as JSON and the key as a bearer token.
    const sent = sandbox.requests.find((request) => new URL(request.url).pathname === `/api/v1/generation/sse/${KLING}`)!;
    expect(sent.headers.get("authorization")).toBe("Bearer skills-video-test-key");
    expect(sent.headers.get("accept")).toBe("text/event-stream");
  });

  it("reads the older status words and finds an image result", async () => {
    const seedance = await streamWithClock(() =>
      sandbox.client().create("bytedance/seedance-1.5", json({ prompt: "a kite", duration: 4 }), { idempotencyKey: "cutroom-old-words" }),
    );
    const words = [seedance.first.status, ...seedance.later.map((item) => item.status)];
    expect(words).toEqual(["starting", "processing", "succeeded"]);
    expect(words.map(stateOf)).toEqual(["queued", "running", "succeeded"]);

    const image = await sandbox.client().create("google/nano-banana-pro", json({ prompt: "a cat", aspect_ratio: "1:1" }), {
      idempotencyKey: "cutroom-image",
    });
    if (!image.ok) throw new Error(image.errorMessage);
    const last = (await drain(image.data.updates)).at(-1)!;
    const snapshot = snapshotOf(last, image.data.first.id!);
    expect(snapshot).toMatchObject({ state: "succeeded", outputKind: "image" });
    const png = Buffer.from(await (await fetch(snapshot.outputUrl!)).arrayBuffer());
    expect((await sharp(png).metadata()).format).toBe("png");
  });

  it("keeps the id when the stream drops mid-way, and polling reaches the end", async () => {
    sandbox.sandbox.faults.set({ streamDropRate: 1 });
    try {
      const client = sandbox.client();
      const created = await client.create(KLING, json({ prompt: "dropped" }), { idempotencyKey: "cutroom-drop" });
      if (!created.ok) throw new Error(created.errorMessage);
      const id = created.data.first.id!;
      const rest = await drain(created.data.updates);
      expect(rest.some((item) => stateOf(item.status) === "succeeded")).toBe(false);
      const finished = await waitFor(async () => {
        const polled = await client.getGeneration(id);
        return polled.ok && polled.data.status === "COMPLETED" ? polled.data : null;
      });
      // No duration asked: the model's documented default (5 s).
      expect(snapshotOf(finished, id).outputUrl).toMatch(new RegExp(`/media/landscape-5s\\.mp4\\?task=${id}$`));
    } finally {
      sandbox.sandbox.faults.set({});
    }
  });

  it("names the generation from a stream that breaks inside its first event, and polling reaches the end", async () => {
    // 40 bytes: the first event's id is complete, its status cut off mid-word.
    sandbox.sandbox.faults.set({ streamBreakAfterBytes: 40 });
    try {
      const before = sandbox.requests.length;
      const client = sandbox.client();
      const created = await client.create(KLING, json({ prompt: "broken early" }), { idempotencyKey: "cutroom-break-40" });
      if (!created.ok) throw new Error(created.errorMessage);
      expect(created.data.first).toMatchObject({ id: expect.stringMatching(/^gen_/), status: null });
      expect(await drain(created.data.updates)).toEqual([]);
      const id = created.data.first.id!;
      const finished = await waitFor(async () => {
        const polled = await client.getGeneration(id);
        return polled.ok && polled.data.status === "COMPLETED" ? polled.data : null;
      });
      expect(snapshotOf(finished, id)).toMatchObject({ state: "succeeded", outputKind: "video" });
      // One create, never a second.
      expect(
        paths(sandbox)
          .slice(before)
          .filter((line) => line.startsWith("POST")),
      ).toEqual([`POST /api/v1/generation/sse/${KLING}`]);
    } finally {
      sandbox.sandbox.faults.set({});
    }
  });

  it("leaves a create in doubt, not resent, when the stream breaks before it names the generation", async () => {
    sandbox.sandbox.faults.set({ streamBreakAfterBytes: 0 });
    try {
      const before = sandbox.requests.length;
      const created = await sandbox.client().create(KLING, json({ prompt: "broken at once" }), { idempotencyKey: "cutroom-break-0" });
      expect(created).toMatchObject({ ok: false, errorCode: "NETWORK_ERROR", httpStatus: 200, maybeCreated: true });
      expect(paths(sandbox).slice(before)).toEqual([`POST /api/v1/generation/sse/${KLING}`]);
    } finally {
      sandbox.sandbox.faults.set({});
    }
  });

  it("takes the generation from a Location header before any event arrives", async () => {
    const { createServer } = await import("node:http");
    // A stream that names the generation in its headers and then says nothing for a long while.
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "text/event-stream", location: "/api/v1/generation/gen_from_header" });
      response.flushHeaders();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const created = await sandbox
        .client({ baseUrl: `http://127.0.0.1:${port}/api/v1` })
        .create(KLING, json({ prompt: "x" }), { idempotencyKey: "cutroom-location" });
      if (!created.ok) throw new Error(created.errorMessage);
      expect(created.data.first).toMatchObject({ id: "gen_from_header", status: null });
      await created.data.updates.return();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("creates through the polling endpoint when the stream never opens", async () => {
    sandbox.sandbox.faults.set({ streamRefuse: true });
    try {
      const before = sandbox.requests.length;
      const created = await sandbox.client().create(KLING, json({ prompt: "no stream" }), { idempotencyKey: "cutroom-nostream" });
      if (!created.ok) throw new Error(created.errorMessage);
      expect(created.data.mode).toBe("polling");
      expect(created.data.first.status).toBe("IN_QUEUE");
      // One refused stream, then one create: never two paid creates.
      expect(paths(sandbox).slice(before)).toEqual([`POST /api/v1/generation/sse/${KLING}`, `POST /api/v1/generation/${KLING}`]);
    } finally {
      sandbox.sandbox.faults.set({});
    }
  });

  it("maps 402 to insufficient credits, without retrying", async () => {
    const poor = await startSkillsVideoSandbox({ initialCredits: 10 });
    try {
      const result = await poor.client().create(KLING, json({ prompt: "too dear", duration: 10 }), { idempotencyKey: "cutroom-402" });
      expect(result).toMatchObject({
        ok: false,
        errorCode: "INSUFFICIENT_CREDITS",
        httpStatus: 402,
        providerCode: "VIDEO_GENERATION_INSUFFICIENT_CREDITS",
      });
      expect(poor.requests).toHaveLength(1);
      expect(await poor.sandbox.balance()).toBe(10);
    } finally {
      await poor.stop();
    }
  });

  it("maps 422 to field errors and never re-sends it", async () => {
    const before = sandbox.requests.length;
    const result = await sandbox
      .client()
      .create(KLING, json({ prompt: "bad", duration: 7, colour: "red" }), { idempotencyKey: "cutroom-422" });
    expect(result).toMatchObject({ ok: false, errorCode: "INVALID_PAYLOAD", httpStatus: 422 });
    if (result.ok) return;
    expect(result.fieldHints).toMatchObject({
      duration: expect.stringContaining("one of"),
      colour: expect.stringContaining("not a field"),
    });
    expect(sandbox.requests.length - before).toBe(1);
  });

  it("waits out a 429 storm with backoff, then gives up with RATE_LIMITED if it lasts", async () => {
    // The storm lasts until the client has met it, then ends: the client's backoff (200 ms, then
    // twice as long each time) outlasts the test's next look, however slow the machine.
    const creates = () => sandbox.sandbox.calls.filter((call) => call.endpoint === "create" || call.endpoint === "stream");
    const before = creates().length;
    sandbox.sandbox.faults.set({ rateLimitStorm: { seconds: 60, retryAfterSeconds: 0 } });
    const creating = sandbox.client({ minBackoffMs: 200 }).create(KLING, json({ prompt: "storm" }), { idempotencyKey: "cutroom-429" });
    await waitFor(
      async () =>
        creates()
          .slice(before)
          .some((call) => call.status === 429),
      15_000,
      10,
    );
    sandbox.sandbox.faults.set({});
    expect((await creating).ok).toBe(true);
    const statuses = creates()
      .slice(before)
      .map((call) => call.status);
    expect(statuses).toContain(429);
    expect(statuses.at(-1)).toBe(200);

    sandbox.sandbox.faults.set({ rateLimitStorm: { seconds: 60, retryAfterSeconds: 0 } });
    try {
      const started = sandbox.sandbox.calls.length;
      const lasting = await sandbox.client({ minBackoffMs: 5 }).getGeneration("gen_missing");
      expect(lasting).toMatchObject({ ok: false, errorCode: "RATE_LIMITED", httpStatus: 429 });
      // The first try and five retries (1, 2, 4, 8, 16 units of backoff), then it stops.
      expect(sandbox.sandbox.calls.length - started).toBe(6);

      // A balance read is only ever for a price check: its 429 is the answer, not something to wait out.
      const checked = sandbox.sandbox.calls.length;
      const balance = await sandbox.client({ minBackoffMs: 5 }).credits();
      expect(balance).toMatchObject({ ok: false, errorCode: "RATE_LIMITED", httpStatus: 429 });
      expect(sandbox.sandbox.calls.length - checked).toBe(1);
    } finally {
      sandbox.sandbox.faults.set({});
    }
  });

  it("sends uploaded images as multipart files and links as they are", async () => {
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#ff0000" } })
      .png()
      .toBuffer();
    const body = toCreateBody({
      model: "google/nano-banana-pro",
      input: { prompt: "combine", image_urls: [{ uploadId: "x" }, { url: "https://example.com/a.png" }], smuggled: "no" },
      images: { image_urls: [{ mime: "image/png", bytes: png }, { url: "https://example.com/a.png" }] },
    });
    // Only fields of the model's schema are sent.
    expect(Object.keys(body.json)).toEqual(["prompt", "image_urls"]);
    expect(body.json.image_urls).toEqual(["https://example.com/a.png"]);
    expect(body.files).toHaveLength(1);
    const created = await sandbox.client().create("google/nano-banana-pro", body, { idempotencyKey: "cutroom-multipart" });
    expect(created.ok).toBe(true);
    const sent = sandbox.requests.at(-1)!;
    expect(sent.headers.get("content-type")).toMatch(/^multipart\/form-data/);
    const form = await sent.formData();
    expect(form.getAll("image_urls")).toHaveLength(2);

    const notImage = await sandbox.client().create(
      "google/nano-banana-pro",
      {
        json: { prompt: "x" },
        files: [{ field: "image_urls", bytes: Buffer.from("<html></html>"), mime: "image/png", filename: "a.png" }],
      },
      { idempotencyKey: "cutroom-not-image" },
    );
    expect(notImage).toMatchObject({ ok: false, errorCode: "INVALID_PAYLOAD", fieldHints: { image_urls: "Not an image" } });
  });

  it("tells a lost answer (the request left) from a request that never left", async () => {
    const { createServer } = await import("node:http");
    // A server that reads the create and drops the connection without answering.
    const server = createServer((request) => request.on("data", () => undefined).on("end", () => request.socket.destroy()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const lost = await sandbox
        .client({ baseUrl: `http://127.0.0.1:${port}/api/v1` })
        .create(KLING, json({ prompt: "x" }), { idempotencyKey: "cutroom-lost" });
      expect(lost).toMatchObject({ ok: false, errorCode: "NETWORK_ERROR", maybeCreated: true });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // Nothing listens there any more: the connection is refused, so nothing can have been created.
    const refused = await sandbox.client({ baseUrl: `http://127.0.0.1:${port}/api/v1`, retries: 1 }).create(KLING, json({ prompt: "x" }), {
      idempotencyKey: "cutroom-refused",
    });
    expect(refused).toMatchObject({ ok: false, errorCode: "NETWORK_ERROR" });
    expect(refused.ok || refused.maybeCreated).toBeFalsy();
  });

  it("reads the credit balance and refuses a wrong key", async () => {
    const credits = await sandbox.client().credits();
    expect(credits).toMatchObject({ ok: true, data: { credits: await sandbox.sandbox.balance() } });
    const refused = await sandbox.client({ apiKey: "wrong" }).credits();
    expect(refused).toMatchObject({ ok: false, errorCode: "AUTH_FAILED", httpStatus: 401 });
  });
});
