import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_FAIL_MARKER } from "@/lib/server/sandbox/markers";
import { APIDOT_TEST_KEY, startApidotSandbox, type ApidotSandboxFixture } from "../support/apidot-sandbox";
import { withStoppedClock } from "../support/clock";
import { waitFor } from "../support/sandbox";

// The APIDot sandbox over real HTTP: its auth, its own 400 checks by the vendor's docs, 402 and the
// 429 storm, the lifecycle in both result shapes, failures with refunds, callbacks (wrapped and
// flat, duplicated, retried) and the fetching of image links that point at this machine.

const KEY = APIDOT_TEST_KEY;
const SEEDANCE = { prompt: "a ceramic cup", duration: 5, aspect_ratio: "16:9", resolution: "720p" };

// Parsed JSON bodies, read loosely: the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

type Received = { path: string; body: Loose };

/** A local server: a real PNG, a 404, a text file, and callback receivers (one fails once). */
async function startHelper() {
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#336699" } })
    .png()
    .toBuffer();
  const received: Received[] = [];
  let flakyFailures = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      if (request.method === "GET" && path === "/image.png") {
        response.writeHead(200, { "content-type": "image/png" }).end(png);
      } else if (request.method === "GET" && path === "/notes.txt") {
        response.writeHead(200, { "content-type": "text/plain" }).end("not an image at all, just some words");
      } else if (request.method === "POST" && path.startsWith("/callback")) {
        if (path.startsWith("/callback/flaky") && flakyFailures++ === 0) {
          response.writeHead(500).end();
          return;
        }
        received.push({ path, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        response.writeHead(200).end("ok");
      } else {
        response.writeHead(404).end("missing");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("APIDot sandbox", () => {
  let server: ApidotSandboxFixture;
  let helper: Awaited<ReturnType<typeof startHelper>>;

  const call = async (method: string, path: string, body?: unknown, key: string | null = KEY) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, json: (await response.json()) as Loose };
  };
  const submit = (body: unknown, key: string | null = KEY) => call("POST", "/api/generate/submit", body, key);
  const statusOf = async (taskId: string) => (await call("GET", `/api/generate/status/${taskId}`)).json;
  const refusal = async (body: unknown) => {
    const answer = await submit(body);
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe(400);
    expect(answer.json.error.type).toBe("invalid_request_error");
    return answer.json.error.message as string;
  };
  /** Polls a task to its end, keeping every status body seen. */
  const follow = async (taskId: string) => {
    const seen: Loose[] = [];
    await waitFor(
      async () => {
        const body = await statusOf(taskId);
        seen.push(body.data);
        return body.data.status === "finished" || body.data.status === "failed";
      },
      10_000,
      50,
    );
    return seen;
  };

  beforeAll(async () => {
    helper = await startHelper();
    server = await startApidotSandbox({ taskSeconds: 1, initialCredits: 100_000 });
  });
  afterAll(async () => {
    await server?.stop();
    await helper?.close();
  });
  beforeEach(() => server.sandbox.faults.set({}));

  it("refuses a missing or wrong key with the documented 401 body", async () => {
    for (const key of [null, "wrong-key"]) {
      const answer = await submit({ model: "seedance-2", input: SEEDANCE }, key);
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ code: 401, error: { message: "Unauthorized - Invalid API key", type: "authentication_error" } });
    }
    expect((await call("GET", "/api/generate/status/task-unified-1-abcdefgh", undefined, null)).status).toBe(401);
  });

  it("refuses bodies the docs do not allow, naming the field", async () => {
    expect(
      await refusal({
        model: "seedance-2",
        input: { ...SEEDANCE, image_urls: ["https://cdn.example.com/a.png"], reference_image_urls: ["https://cdn.example.com/b.png"] },
      }),
    ).toBe("image_urls and reference_*_urls cannot be used together");
    expect(await refusal({ model: "veo3.1-lite", input: { prompt: "city", image_urls: ["https://cdn.example.com/a.png"] } })).toMatch(
      /veo3\.1-lite .*input\.image_urls/,
    );
    expect(await refusal({ model: "gpt-image-2-edit", input: { prompt: "studio backdrop" } })).toBe("input.image_urls is required");
    expect(await refusal({ model: "gpt-image-2-edit", input: { prompt: "studio backdrop", image_urls: [] } })).toBe(
      "input.image_urls needs at least 1 URL",
    );
    expect(await refusal({ model: "gpt-image-2", input: { prompt: "a cup", image_urls: ["https://cdn.example.com/a.png"] } })).toMatch(
      /gpt-image-2 does not accept input\.image_urls/,
    );
    expect(await refusal({ model: "seedance-2", input: { ...SEEDANCE, quality: "pro" } })).toBe("Unknown field input.quality");
    expect(await refusal({ model: "seedance-2-fast", input: { ...SEEDANCE, resolution: "1080p" } })).toBe(
      "input.resolution must be one of: 480p, 720p",
    );
    expect(await refusal({ model: "seedance-2", input: { ...SEEDANCE, duration: 20 } })).toBe(
      "input.duration must be an integer from 4 to 15",
    );
    expect(await refusal({ model: "seedance-2", input: { prompt: "x", duration: 5 } })).toBe("input.resolution is required");
    expect(await refusal({ model: "veo3.1-fast", input: { prompt: "x", image_urls: ["https://cdn.example.com/a.png"] } })).toBe(
      "input.image_urls needs input.generate_type (frame or reference)",
    );
    expect(
      await refusal({
        model: "veo3.1-quality",
        input: { prompt: "x", generate_type: "reference", image_urls: ["https://cdn.example.com/a.png"] },
      }),
    ).toBe("input.generate_type reference is only supported by veo3.1-fast");
    expect(await refusal({ model: "veo3.1-fast", input: { prompt: "x", generate_type: "frame" } })).toBe("input.image_urls is required");
    expect(await refusal({ model: "sora-2-official", input: { prompt: "x", duration: 10 } })).toBe(
      "input.duration must be an integer equal to 8",
    );
    expect(
      await refusal({
        model: "happy-horse",
        input: { prompt: "x", image_urls: ["https://cdn.example.com/a.png"], video_url: "https://cdn.example.com/v.mp4" },
      }),
    ).toBe("image_urls cannot be used together with reference_image_urls or video_url");
    expect(await refusal({ model: "kling-9", input: { prompt: "x" } })).toBe("Unsupported model: kling-9");
    expect(await refusal({ model: "seedance-2", input: { ...SEEDANCE, prompt: " " } })).toMatch(/^input\.prompt is required/);
    expect(await refusal({ model: "seedance-2", callback_url: "ftp://example.com/x", input: SEEDANCE })).toBe(
      "callback_url must be an http(s) URL",
    );
    expect(await refusal({ model: "seedance-2", input: { ...SEEDANCE, image_urls: ["not a url"] } })).toBe(
      "input.image_urls[0] must be an http(s) URL",
    );
    expect(await refusal("{not json")).toBe("The request body must be valid JSON.");
    // The database could not store it: refused up front rather than a 500 when the task is written.
    expect(await refusal({ model: "seedance-2", callback_url: "https://example.com/\u0000", input: SEEDANCE })).toBe(
      "The request body must not contain NUL characters.",
    );
    // None of these were charged.
    expect(await server.sandbox.balance()).toBe(100_000);
  });

  it("answers 404 for an unknown task", async () => {
    const answer = await call("GET", "/api/generate/status/task-unified-1-zzzzzzzz");
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ code: 404, error: { message: "Task not found", type: "not_found" } });
  });

  it("answers 402 when the credits run out", async () => {
    const poor = await startApidotSandbox({ taskSeconds: 1, initialCredits: 100 });
    try {
      const send = () =>
        fetch(`${poor.url}/api/generate/submit`, {
          method: "POST",
          headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "veo3.1-fast", input: { prompt: "dolphins", duration: 8, resolution: "720p" } }),
        });
      expect((await send()).status).toBe(200);
      expect(await poor.sandbox.balance()).toBe(20);
      const refused = await send();
      expect(refused.status).toBe(402);
      const body = (await refused.json()) as Loose;
      expect(body.code).toBe(402);
      expect(body.error.type).toBe("insufficient_credits");
      expect(body.error.message).toMatch(/^Insufficient credits/);
    } finally {
      await poor.stop();
    }
  });

  it("answers 429 in the {code, message} shape with Retry-After during a storm set through the control plane", async () => {
    const put = await call("PUT", "/_sandbox/faults", { rateLimitStorm: { seconds: 30, retryAfterSeconds: 7 } });
    expect(put.status).toBe(200);
    const answer = await submit({ model: "seedance-2", input: SEEDANCE });
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("7");
    expect(answer.json).toEqual({ code: 429, message: expect.stringMatching(/^Rate limit exceeded/) });
    const since = Date.now() - 5000;
    const calls = await call("GET", `/_sandbox/calls?since=${since}`);
    expect(calls.json.calls.at(-1)).toMatchObject({ endpoint: "submit", status: 429 });
    expect((await call("PUT", "/_sandbox/faults", { bogus: 1 })).status).toBe(400);
    expect((await call("GET", "/_sandbox/faults", undefined, "wrong")).status).toBe(401);
  });

  it("runs a task to finished in shape A (output.files, no progress)", async () => {
    server.sandbox.faults.set({ resultShape: "output" });
    const created = await submit({ model: "seedance-2", input: SEEDANCE });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      code: 200,
      data: {
        task_id: expect.stringMatching(/^task-unified-\d{10}-[a-z0-9]{8}$/),
        status: "not_started",
        created_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      },
    });
    const taskId = created.json.data.task_id as string;
    const seen = await follow(taskId);
    expect(seen.every((data) => !("progress" in data))).toBe(true);
    const done = seen.at(-1)!;
    expect(done).toEqual({
      task_id: taskId,
      status: "finished",
      output: { files: [{ file_url: `${server.url}/media/landscape-5s.mp4?task=${taskId}`, file_type: "video" }] },
      error_message: null,
    });
    expect(seen.filter((data) => data.status !== "finished").every((data) => data.output == null)).toBe(true);
    const media = await fetch(done.output.files[0].file_url);
    expect(media.headers.get("content-type")).toBe("video/mp4");
    expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect(await server.sandbox.balance()).toBe(100_000 - 50);
  });

  it("runs a task to finished in shape B (files with rising progress)", async () => {
    server.sandbox.faults.set({ resultShape: "files" });
    // With the clock stopped, the test looks at the task at set points of its life (one second:
    // queued for the first 0.2 s, then running), whatever the machine's speed.
    const { created, seen } = await withStoppedClock(async (clock) => {
      const created = await submit({
        model: "veo3.1-fast",
        input: { prompt: "dolphins", duration: 8, aspect_ratio: "9:16", resolution: "1080p" },
      });
      const seen: Loose[] = [];
      for (const elapsedMs of [100, 300, 600, 900, 1000]) {
        clock.advanceTo(elapsedMs);
        seen.push((await statusOf(created.json.data.task_id as string)).data);
      }
      return { created, seen };
    });
    const taskId = created.json.data.task_id as string;
    expect(seen.map((data) => data.status)).toEqual(["not_started", "running", "running", "running", "finished"]);
    const running = seen.filter((data) => data.status === "running").map((data) => data.progress as number);
    expect(running.every((progress) => progress >= 1 && progress <= 99)).toBe(true);
    expect(new Set(running).size).toBe(3);
    expect(running).toEqual([...running].sort((a, b) => a - b));
    const done = seen.at(-1)!;
    expect(done).toEqual({
      task_id: taskId,
      status: "finished",
      files: [{ file_url: `${server.url}/media/portrait-8s.mp4?task=${taskId}`, file_type: "video" }],
      created_time: created.json.data.created_time,
      progress: 100,
      error_message: null,
    });
  });

  it("alternates the shapes by default and draws a PNG for image models", async () => {
    const a = await submit({ model: "gpt-image-2", input: { prompt: "a cup", size: "1:1" } });
    const b = await submit({ model: "gpt-image-2", input: { prompt: "a cup", size: "1:1" } });
    const [lastA, lastB] = [(await follow(a.json.data.task_id)).at(-1)!, (await follow(b.json.data.task_id)).at(-1)!];
    const files = [lastA.output?.files ?? lastA.files, lastB.output?.files ?? lastB.files];
    expect(["output" in lastA, "output" in lastB].sort()).toEqual([false, true]);
    expect(files).toEqual(
      [a, b].map((task) => [{ file_url: `${server.url}/media/square.png?task=${task.json.data.task_id}`, file_type: "image" }]),
    );
    const png = Buffer.from(await (await fetch(files[0][0].file_url)).arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ format: "png", width: 768, height: 768 });
  });

  it("fails a marked task with an error message and no files, and refunds it", async () => {
    server.sandbox.faults.set({ resultShape: "files" });
    const before = await server.sandbox.balance();
    const created = await submit({ model: "seedance-2", input: { ...SEEDANCE, prompt: `boom ${SANDBOX_FAIL_MARKER}` } });
    expect(await server.sandbox.balance()).toBe(before - 50);
    const done = (await follow(created.json.data.task_id)).at(-1)!;
    expect(done).toMatchObject({ status: "failed", files: [], error_message: expect.any(String) });
    expect(await server.sandbox.balance()).toBe(before);
  });

  it("posts the terminal status to callback_url, wrapped for shape A and flat for shape B, retrying a failed delivery", async () => {
    server.sandbox.faults.set({ resultShape: "output" });
    const wrapped = await submit({ model: "seedance-2", callback_url: `${helper.url}/callback/wrapped?t=1`, input: SEEDANCE });
    server.sandbox.faults.set({ resultShape: "files" });
    const flat = await submit({ model: "seedance-2", callback_url: `${helper.url}/callback/flat`, input: SEEDANCE });
    const flaky = await submit({ model: "seedance-2", callback_url: `${helper.url}/callback/flaky`, input: SEEDANCE });
    await waitFor(
      async () => ["wrapped", "flat", "flaky"].every((name) => helper.received.some((item) => item.path.startsWith(`/callback/${name}`))),
      10_000,
    );
    const got = (name: string) => helper.received.filter((item) => item.path.startsWith(`/callback/${name}`));
    expect(got("wrapped")).toHaveLength(1);
    expect(got("wrapped")[0]).toEqual({
      path: "/callback/wrapped?t=1",
      body: {
        code: 200,
        data: {
          task_id: wrapped.json.data.task_id,
          status: "finished",
          output: { files: [{ file_url: `${server.url}/media/landscape-5s.mp4?task=${wrapped.json.data.task_id}`, file_type: "video" }] },
          error_message: null,
        },
      },
    });
    expect(got("flat")).toHaveLength(1);
    expect(got("flat")[0]!.body).toEqual({
      task_id: flat.json.data.task_id,
      status: "finished",
      files: [{ file_url: `${server.url}/media/landscape-5s.mp4?task=${flat.json.data.task_id}`, file_type: "video" }],
      progress: 100,
      error_message: null,
    });
    // The first delivery answered 500; the retry a second later got through.
    expect(got("flaky").map((item) => item.body.task_id)).toEqual([flaky.json.data.task_id]);
  });

  it("sends the same callback several times under the duplicates knob", async () => {
    server.sandbox.faults.set({ webhooks: { duplicates: 3 } });
    const created = await submit({ model: "gpt-image-2", callback_url: `${helper.url}/callback/dup`, input: { prompt: "a cup" } });
    const mine = () => helper.received.filter((item) => item.path === "/callback/dup");
    await waitFor(async () => mine().length >= 3, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mine()).toHaveLength(3);
    expect(new Set(mine().map((item) => JSON.stringify(item.body))).size).toBe(1);
    const body = mine()[0]!.body;
    // Either payload shape: wrapped (data.*) or flat.
    expect(body.data?.task_id ?? body.task_id).toBe(created.json.data.task_id);
    expect(body.data?.status ?? body.status).toBe("finished");
  });

  it("sends a stale running callback after the terminal one under the staleRepeats knob", async () => {
    server.sandbox.faults.set({ resultShape: "files", webhooks: { staleRepeats: true } });
    await submit({ model: "gpt-image-2", callback_url: `${helper.url}/callback/stale`, input: { prompt: "a cup" } });
    const mine = () => helper.received.filter((item) => item.path === "/callback/stale");
    await waitFor(async () => mine().length >= 2, 10_000);
    expect(mine().map((item) => item.body.status)).toEqual(["finished", "running"]);
  });

  it("fetches image links on this machine, and refuses those that do not serve an image", async () => {
    const ok = await submit({ model: "gpt-image-2-edit", input: { prompt: "backdrop", image_urls: [`${helper.url}/image.png`] } });
    expect(ok.status).toBe(200);
    expect(await refusal({ model: "gpt-image-2-edit", input: { prompt: "backdrop", image_urls: [`${helper.url}/missing.png`] } })).toBe(
      "image_urls[0] could not be fetched as an image (HTTP 404)",
    );
    expect(
      await refusal({
        model: "happy-horse",
        input: { prompt: "x", reference_image_urls: [`${helper.url}/image.png`, `${helper.url}/notes.txt`] },
      }),
    ).toMatch(/^reference_image_urls\[1\] could not be fetched as an image \(HTTP 200/);
    // Links elsewhere are taken as they are (no internet here).
    expect(
      (await submit({ model: "sora-2-pro-official", input: { prompt: "x", duration: 8, image_urls: ["https://cdn.example.com/a.png"] } }))
        .status,
    ).toBe(200);
  });
});
