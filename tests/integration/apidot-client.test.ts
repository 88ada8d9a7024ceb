import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toSubmitBody } from "@/lib/server/providers/apidot/adapter";
import { snapshotOf, stateOf } from "@/lib/server/providers/apidot/wire";
import { startApidotSandbox, type ApidotSandboxFixture } from "../support/apidot-sandbox";
import { withStoppedClock } from "../support/clock";
import { waitFor } from "../support/sandbox";

// The APIDot client over real HTTP against the sandbox: both result shapes with progress, every
// documented error (400 in both bodies, 401, 402, 429), and submit retries kept apart from status
// retries, so that a submit whose answer is lost is never sent twice.

const SEEDANCE = { model: "seedance-2-fast", input: { prompt: "espresso, morning light", duration: 5, resolution: "720p" } };
const submits = (fixture: ApidotSandboxFixture) =>
  fixture.requests.filter((request) => new URL(request.url).pathname === "/api/generate/submit").length;

async function finish(fixture: ApidotSandboxFixture, taskId: string) {
  let last: ReturnType<typeof snapshotOf> | null = null;
  const progress: number[] = [];
  await waitFor(async () => {
    const status = await fixture.client().status(taskId);
    if (!status.ok) throw new Error(status.errorMessage);
    last = snapshotOf(status.data, taskId);
    if (last.progress !== null && last.progress !== undefined) progress.push(last.progress);
    return last.state === "succeeded" || last.state === "failed";
  }, 10_000);
  return { snapshot: last!, progress };
}

describe("APIDot client against the sandbox", () => {
  let sandbox: ApidotSandboxFixture;

  beforeAll(async () => {
    sandbox = await startApidotSandbox({ taskSeconds: 1.5 });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("submits, then reads the result from data.output.files and from data.files", async () => {
    const shapes: string[] = [];
    for (const resultShape of ["output", "files"] as const) {
      sandbox.sandbox.faults.set({ resultShape });
      // The clock stops, so the task is seen queued, half-way (1.5 s: queued for 0.3 s, then
      // running) and finished, whatever the machine's speed.
      const { submitted, middle, snapshot, progress } = await withStoppedClock(async (clock) => {
        const submitted = await sandbox.client().submit(SEEDANCE);
        if (!submitted.ok) throw new Error(submitted.errorMessage);
        clock.advanceTo(900);
        const middle = await sandbox.client().status(submitted.data.taskId!);
        clock.advanceTo(1500);
        return { submitted, middle, ...(await finish(sandbox, submitted.data.taskId!)) };
      });
      expect(submitted.data.taskId).toMatch(/^task-unified-/);
      expect(stateOf(submitted.data.status)).toBe("queued");
      if (!middle.ok) throw new Error(middle.errorMessage);
      expect(snapshotOf(middle.data, submitted.data.taskId!)).toMatchObject({ state: "running", outputUrl: null });
      expect(snapshot).toMatchObject({ state: "succeeded", outputKind: "video", progress: 100 });
      const media = await fetch(snapshot.outputUrl!);
      expect(media.headers.get("content-type")).toBe("video/mp4");
      expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      // Shape B reports a percentage while running (half-way: 50); shape A does not.
      expect(snapshotOf(middle.data, submitted.data.taskId!).progress ?? null).toBe(resultShape === "files" ? 50 : null);
      expect(progress).toEqual([100]);
      shapes.push(resultShape);
    }
    expect(shapes).toEqual(["output", "files"]);
    sandbox.sandbox.faults.set({});
    const sent = sandbox.requests.find((request) => new URL(request.url).pathname === "/api/generate/submit")!;
    expect(sent.headers.get("authorization")).toBe("Bearer apidot-test-key");
    expect(await sent.json()).toEqual(SEEDANCE);
  });

  it("reads a task the sandbox says is processing as running, with its progress", async () => {
    // Some of the vendor's service types say "processing" for the running phase (docs/provider-contracts.md §3.5).
    sandbox.sandbox.faults.set({ resultShape: "files", runningStatus: "processing" });
    try {
      const { submitted, middle, done } = await withStoppedClock(async (clock) => {
        const submitted = await sandbox.client().submit(SEEDANCE);
        if (!submitted.ok) throw new Error(submitted.errorMessage);
        clock.advanceTo(900);
        const middle = await sandbox.client().status(submitted.data.taskId!);
        clock.advanceTo(1500);
        return { submitted, middle, done: await finish(sandbox, submitted.data.taskId!) };
      });
      if (!middle.ok) throw new Error(middle.errorMessage);
      expect(middle.data.status).toBe("processing");
      expect(snapshotOf(middle.data, submitted.data.taskId!)).toMatchObject({
        state: "running",
        providerStatus: "processing",
        progress: 50,
      });
      expect(done.snapshot).toMatchObject({ state: "succeeded", progress: 100 });
    } finally {
      sandbox.sandbox.faults.set({});
    }
  });

  it("finds an image result, and a failure's error_message", async () => {
    const image = await sandbox.client().submit({ model: "gpt-image-2", input: { prompt: "a silver espresso machine", size: "1:1" } });
    if (!image.ok) throw new Error(image.errorMessage);
    const done = await finish(sandbox, image.data.taskId!);
    expect(done.snapshot).toMatchObject({ state: "succeeded", outputKind: "image" });
    expect((await fetch(done.snapshot.outputUrl!)).headers.get("content-type")).toBe("image/png");

    const failing = await sandbox.client().submit({ ...SEEDANCE, input: { ...SEEDANCE.input, prompt: "please [sandbox:fail]" } });
    if (!failing.ok) throw new Error(failing.errorMessage);
    const failed = await finish(sandbox, failing.data.taskId!);
    expect(failed.snapshot.state).toBe("failed");
    expect(failed.snapshot.errorMessage).toMatch(/sandbox/i);
    expect(failed.snapshot.outputUrl).toBeNull();
  });

  it("maps every documented error onto the stable codes, with the provider's message", async () => {
    const mixed = await sandbox.client().submit({
      model: "seedance-2",
      input: {
        prompt: "x",
        duration: 5,
        resolution: "720p",
        image_urls: ["https://example.com/a.png"],
        reference_image_urls: ["https://example.com/b.png"],
      },
    });
    expect(mixed).toMatchObject({ ok: false, errorCode: "INVALID_PAYLOAD", httpStatus: 400, providerCode: "invalid_request_error" });
    expect(mixed.errorMessage).toMatch(/image_urls and reference_\*_urls cannot be used together/);

    const unauthorised = await sandbox.client({ apiKey: "wrong" }).submit(SEEDANCE);
    expect(unauthorised).toMatchObject({
      ok: false,
      errorCode: "AUTH_FAILED",
      httpStatus: 401,
      errorMessage: "Unauthorized - Invalid API key",
    });

    const unknownTask = await sandbox.client().status("task-unified-0-nothere0");
    expect(unknownTask).toMatchObject({ ok: false, errorCode: "TASK_NOT_FOUND", httpStatus: 404 });

    const poor = await startApidotSandbox({ initialCredits: 10 });
    try {
      const before = submits(poor);
      const refused = await poor.client().submit(SEEDANCE);
      expect(refused).toMatchObject({ ok: false, errorCode: "INSUFFICIENT_CREDITS", httpStatus: 402 });
      // A billing error is not retried.
      expect(submits(poor) - before).toBe(1);
    } finally {
      await poor.stop();
    }
  });

  it("waits out a 429 storm (the {code, message} body) with backoff, and gives up with RATE_LIMITED", async () => {
    // The storm lasts until the client has met it, then ends: the client's backoff (200 ms, then
    // twice as long each time) outlasts the test's next look, however slow the machine.
    const submitCalls = () => sandbox.sandbox.calls.filter((call) => call.endpoint === "submit");
    const before = submitCalls().length;
    sandbox.sandbox.faults.set({ rateLimitStorm: { seconds: 60, retryAfterSeconds: 0 } });
    const submitting = sandbox.client({ minBackoffMs: 200 }).submit(SEEDANCE);
    await waitFor(
      async () =>
        submitCalls()
          .slice(before)
          .some((call) => call.status === 429),
      15_000,
      10,
    );
    sandbox.sandbox.faults.set({});
    expect(await submitting).toMatchObject({ ok: true });
    expect(
      submitCalls()
        .slice(before)
        .map((call) => call.status)
        .at(-1),
    ).toBe(200);

    sandbox.sandbox.faults.set({ rateLimitStorm: { seconds: 60, retryAfterSeconds: 0 } });
    const limited = await sandbox.client({ retries: 2 }).status("task-unified-0-anything");
    expect(limited).toMatchObject({ ok: false, errorCode: "RATE_LIMITED", httpStatus: 429 });
    expect(limited.errorMessage).toMatch(/rate limit/i);
    sandbox.sandbox.faults.set({});
  });

  it("retries a status read after 5xx, but never re-sends a submit whose answer was lost", async () => {
    sandbox.sandbox.faults.set({ errorRate: { status: 1 } });
    const before = sandbox.requests.length;
    const flaky = await sandbox.client({ retries: 2 }).status("task-unified-0-anything");
    expect(flaky).toMatchObject({ ok: false, errorCode: "UNKNOWN_ERROR", httpStatus: 500 });
    expect(sandbox.requests.length - before).toBe(3);

    // A 500 on a submit may follow a task that was made: it is not sent again, and says so.
    sandbox.sandbox.faults.set({ errorRate: { submit: 1 } });
    const submitsBefore = submits(sandbox);
    const unsure = await sandbox.client({ retries: 3 }).submit(SEEDANCE);
    expect(unsure).toMatchObject({ ok: false, httpStatus: 500, maybeCreated: true });
    expect(submits(sandbox) - submitsBefore).toBe(1);
    sandbox.sandbox.faults.set({});

    // A server that takes the submit and never answers: the client times out and does not re-send.
    let received = 0;
    const silent = http.createServer(() => void (received += 1));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const lost = await sandbox.client({ baseUrl: url, timeoutMs: 200, retries: 3 }).submit(SEEDANCE);
      expect(lost).toMatchObject({ ok: false, errorCode: "NETWORK_ERROR", maybeCreated: true });
      expect(received).toBe(1);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }

    // Nobody listening: the request never left, so it is safe to try again.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await sandbox.client({ baseUrl: `http://127.0.0.1:${closedPort}`, retries: 1 }).submit(SEEDANCE);
    expect(refused).toMatchObject({ ok: false, errorCode: "NETWORK_ERROR" });
    expect(refused.ok === false && refused.maybeCreated).toBeFalsy();
  });

  it("sends only the model's documented fields, with images as links and the callback URL", () => {
    const body = toSubmitBody(
      {
        model: "gpt-image-2-edit",
        input: { prompt: "studio backdrop", size: "auto", image_urls: [{ uploadId: "x" }], stray: 1 },
        images: { image_urls: [{ url: "https://cutroom.example.com/api/uploads/x/link?expires=1&sig=s" }] },
      },
      "https://cutroom.example.com/api/webhook/apidot/t?token=k",
    );
    expect(body).toEqual({
      model: "gpt-image-2-edit",
      callback_url: "https://cutroom.example.com/api/webhook/apidot/t?token=k",
      input: { prompt: "studio backdrop", size: "auto", image_urls: ["https://cutroom.example.com/api/uploads/x/link?expires=1&sig=s"] },
    });
    // An image given as bytes cannot go to APIDot.
    expect(
      toSubmitBody(
        {
          model: "gpt-image-2-edit",
          input: { prompt: "p", image_urls: [{ uploadId: "x" }] },
          images: { image_urls: [{ mime: "image/png", bytes: Buffer.from("x") }] },
        },
        undefined,
      ),
    ).toMatch(/links only/);
  });
});
