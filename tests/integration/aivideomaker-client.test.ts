import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAivideoClient } from "@/lib/server/providers/aivideomaker/client";
import { DEFAULT_SUPPORTED_MODELS } from "@/lib/server/sandbox/aivideomaker/contract";
import { withStoppedClock } from "../support/clock";
import { startSandbox, waitFor, type SandboxFixture } from "../support/sandbox";

// The AIVideoMaker client against the sandbox over real HTTP: every endpoint, every error code.

const pngDataUri = () =>
  `data:image/png;base64,${fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png")).toString("base64")}`;

let sandbox: SandboxFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ taskSeconds: 1.5, initialCredits: 1000 });
});
afterAll(async () => {
  await sandbox.stop();
});

describe("create", () => {
  it("creates a t2v task with the key header and Idempotency-Key, and charges the measured rate", async () => {
    const client = sandbox.client();
    sandbox.requests.length = 0;
    const result = await client.generate(
      "t2v",
      { prompt: "a red fox", aspectRatio: "16:9", duration: "8" },
      { idempotencyKey: "cutroom-test-0001" },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.status).toBe("SUBMITTED");
    expect(result.taskId).toMatch(/^ck[a-z0-9]{22}$/);
    // 8 s at the measured 3 credits a second.
    expect(result.data.creditsCharged).toBe(24);
    expect(result.data.idempotentReplay).toBe(false);

    const sent = sandbox.requests.at(-1)!;
    expect(sent.method).toBe("POST");
    expect(new URL(sent.url).pathname).toBe("/api/v1/generate/t2v");
    expect(sent.headers.get("key")).toBe("sandbox-test-key");
    expect(sent.headers.get("authorization")).toBeNull();
    expect(sent.headers.get("idempotency-key")).toBe("cutroom-test-0001");
    expect(sent.headers.get("content-type")).toBe("application/json");
    expect(sent.headers.get("webhookurl")).toBeNull();
    expect(sent.headers.get("x-max-credits")).toBeNull();
    expect(await sent.json()).toEqual({ prompt: "a red fox", aspectRatio: "16:9", duration: "8" });
  });

  it("replays the same task for the same Idempotency-Key and body, without a second charge", async () => {
    const client = sandbox.client();
    const body = { prompt: "replay me", aspectRatio: "1:1", duration: "5" };
    const before = await client.account();
    const first = await client.generate("t2v", body, { idempotencyKey: "cutroom-replay-1" });
    const second = await client.generate("t2v", body, { idempotencyKey: "cutroom-replay-1" });
    const after = await client.account();
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok || !before.ok || !after.ok) return;
    expect(second.taskId).toBe(first.taskId);
    expect(second.data.idempotentReplay).toBe(true);
    expect(before.data.currentBalance! - after.data.currentBalance!).toBe(15);
  });

  it("answers IDEMPOTENCY_CONFLICT for the same key with another body", async () => {
    const client = sandbox.client();
    await client.generate("t2v", { prompt: "one", aspectRatio: "16:9", duration: "5" }, { idempotencyKey: "cutroom-conflict-1" });
    const result = await client.generate(
      "t2v",
      { prompt: "two", aspectRatio: "16:9", duration: "5" },
      { idempotencyKey: "cutroom-conflict-1" },
    );
    expect(result).toMatchObject({ ok: false, errorCode: "IDEMPOTENCY_CONFLICT", httpStatus: 409 });
  });

  it("sends webhookUrl only when given", async () => {
    sandbox.requests.length = 0;
    await sandbox.client().generate(
      "t2v",
      { prompt: "hook", aspectRatio: "16:9", duration: "5" },
      {
        idempotencyKey: "cutroom-hook-0001",
        webhookUrl: "http://127.0.0.1:9/hook?token=abc",
      },
    );
    expect(sandbox.requests.at(-1)!.headers.get("webhookurl")).toBe("http://127.0.0.1:9/hook?token=abc");
  });

  it("accepts a data:image URI for i2v and lv (once the account offers lv)", async () => {
    const client = sandbox.client();
    sandbox.sandbox.faults.set({ supportedModels: [...DEFAULT_SUPPORTED_MODELS, "lv"] });
    const i2v = await client.generate("i2v", { image: pngDataUri(), duration: "5" }, { idempotencyKey: "cutroom-i2v-0001" });
    const lv = await client.generate(
      "lv",
      { image: pngDataUri(), prompt: ["one", "two", "three"] },
      { idempotencyKey: "cutroom-lv-00001" },
    );
    sandbox.sandbox.faults.set({});
    expect(i2v).toMatchObject({ ok: true, data: { creditsCharged: 15 } });
    expect(lv).toMatchObject({ ok: true, data: { creditsCharged: 225 } });
  });
});

describe("errors", () => {
  it("maps an unknown model to INVALID_MODEL", async () => {
    const result = await sandbox.client().generate("kling", { prompt: "x" }, { idempotencyKey: "cutroom-model-01" });
    expect(result).toMatchObject({ ok: false, errorCode: "INVALID_MODEL", httpStatus: 400 });
    if (!result.ok) expect(result.errorMessage).toContain("Unsupported model: kling");
  });

  it("maps a bad body to INVALID_PAYLOAD with field hints", async () => {
    const result = await sandbox.client().quote("t2v", { prompt: "", aspectRatio: "4:3", duration: 5 });
    expect(result).toMatchObject({ ok: false, errorCode: "INVALID_PAYLOAD", httpStatus: 400 });
    if (result.ok) return;
    expect(Object.keys(result.fieldHints ?? {}).sort()).toEqual(["aspectRatio", "duration", "prompt"]);
  });

  it("lists the required fields for an empty body without creating anything", async () => {
    const client = sandbox.client();
    const before = await client.listTasks();
    const result = await client.generate("t2v_v3", {}, { idempotencyKey: "cutroom-empty-01" });
    const after = await client.listTasks();
    expect(result).toMatchObject({ ok: false, errorCode: "INVALID_PAYLOAD", httpStatus: 400 });
    if (result.ok || !before.ok || !after.ok) throw new Error("listing the tasks failed");
    expect(Object.keys(result.fieldHints ?? {}).sort()).toEqual(["aspectRatio", "duration", "prompt"]);
    expect(after.data.tasks.length).toBe(before.data.tasks.length);
  });

  it("refuses a body with a NUL character with INVALID_PAYLOAD, not a 500 from the sandbox's database", async () => {
    const result = await sandbox
      .client()
      .generate("t2v", { prompt: "nul \u0000 here", aspectRatio: "16:9", duration: "5" }, { idempotencyKey: "cutroom-nul-01" });
    expect(result).toMatchObject({
      ok: false,
      errorCode: "INVALID_PAYLOAD",
      httpStatus: 400,
      errorMessage: "Request body must not contain NUL characters.",
    });
  });

  it("maps a wrong key to AUTH_FAILED", async () => {
    const result = await sandbox.client({ apiKey: "wrong" }).account();
    expect(result).toMatchObject({ ok: false, errorCode: "AUTH_FAILED", httpStatus: 401 });
  });

  it("maps an unknown task to TASK_NOT_FOUND", async () => {
    const result = await sandbox.client().getTask("ckdoesnotexist");
    expect(result).toMatchObject({ ok: false, errorCode: "TASK_NOT_FOUND", httpStatus: 404, taskId: "ckdoesnotexist" });
  });

  it("maps a low balance to INSUFFICIENT_CREDITS and charges nothing", async () => {
    const poor = await startSandbox({ initialCredits: 30 });
    try {
      const client = poor.client();
      const result = await client.generate(
        "t2v_v3",
        { prompt: "too dear", aspectRatio: "16:9", duration: "10" },
        { idempotencyKey: "cutroom-poor-001" },
      );
      expect(result).toMatchObject({ ok: false, errorCode: "INSUFFICIENT_CREDITS", httpStatus: 402 });
      const account = await client.account();
      expect(account.ok && account.data.currentBalance).toBe(30);
    } finally {
      await poor.stop();
    }
  });

  it("maps an unreachable server to NETWORK_ERROR", async () => {
    const client = createAivideoClient({
      baseUrl: "http://127.0.0.1:1",
      apiKey: "k",
      timeoutMs: 2000,
      maxRetries: 1,
      minBackoffMs: 10,
      maxBackoffMs: 20,
    });
    expect(await client.listTasks()).toMatchObject({ ok: false, errorCode: "NETWORK_ERROR", httpStatus: 0 });
    expect(await client.generate("t2v", {}, { idempotencyKey: "cutroom-net-0001" })).toMatchObject({
      ok: false,
      errorCode: "NETWORK_ERROR",
    });
  });

  it("retries reads on 5xx, never creates, and ends with UNKNOWN_ERROR", async () => {
    const hits: string[] = [];
    const server = http.createServer((request, response) => {
      hits.push(`${request.method} ${request.url}`);
      response.writeHead(503, { "content-type": "text/html" }).end("<h1>down</h1>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const client = createAivideoClient({ baseUrl: url, apiKey: "k", timeoutMs: 2000, maxRetries: 2, minBackoffMs: 10, maxBackoffMs: 20 });
      expect(await client.getStatus("ck1")).toMatchObject({ ok: false, errorCode: "UNKNOWN_ERROR", httpStatus: 503 });
      expect(hits).toEqual(["GET /api/v1/tasks/ck1/status", "GET /api/v1/tasks/ck1/status", "GET /api/v1/tasks/ck1/status"]);
      hits.length = 0;
      expect(await client.generate("t2v", {}, { idempotencyKey: "cutroom-5xx-0001" })).toMatchObject({
        ok: false,
        errorCode: "UNKNOWN_ERROR",
      });
      expect(hits).toEqual(["POST /api/v1/generate/t2v"]);
    } finally {
      server.close();
    }
  });

  it("reads errorCode before HTTP status, even on HTTP 200", async () => {
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          status: "FAILED",
          errorCode: "INSUFFICIENT_CREDITS",
          message: "Current balance 5 is below required 15",
          error: "INSUFFICIENT_CREDITS",
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const client = createAivideoClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        apiKey: "k",
        timeoutMs: 2000,
        maxRetries: 0,
      });
      const result = await client.generate("t2v", {}, { idempotencyKey: "cutroom-200-0001" });
      expect(result).toMatchObject({
        ok: false,
        errorCode: "INSUFFICIENT_CREDITS",
        errorMessage: "Current balance 5 is below required 15",
      });
    } finally {
      server.close();
    }
  });
});

describe("rate limit", () => {
  it("waits out Retry-After on 429 and then succeeds", async () => {
    // A provider whose first answer is a 429 with Retry-After: 1, whatever the time it takes to
    // get there (a sliding window on the sandbox could empty itself on a slow machine).
    const arrivals: number[] = [];
    const server = http.createServer((_request, response) => {
      arrivals.push(performance.now());
      if (arrivals.length === 1) {
        response
          .writeHead(429, { "content-type": "application/json", "retry-after": "1" })
          .end(JSON.stringify({ status: "FAILED", errorCode: "RATE_LIMITED", message: "Too many requests" }));
      } else {
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ tasks: [] }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const client = createAivideoClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        apiKey: "k",
        timeoutMs: 5000,
        maxRetries: 3,
        minBackoffMs: 20,
        maxBackoffMs: 100,
      });
      expect(await client.listTasks()).toMatchObject({ ok: true, data: { tasks: [] } });
      expect(arrivals).toHaveLength(2);
      // The retry came no sooner than the Retry-After said (timers may round a millisecond down).
      expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(995);
    } finally {
      server.close();
    }
  });

  it("returns RATE_LIMITED with retryAfter when retries are used up", async () => {
    const limited = await startSandbox({ queryLimit: { limit: 1, windowMs: 60_000 } });
    try {
      const client = limited.client({ maxRetries: 0 });
      expect((await client.listTasks()).ok).toBe(true);
      const result = await client.getTask("ckwhatever");
      expect(result).toMatchObject({ ok: false, errorCode: "RATE_LIMITED", httpStatus: 429 });
      if (!result.ok) expect(result.retryAfter).toBeGreaterThan(50);
      // A Retry-After beyond what the client waits itself is handed back at once, not slept on:
      // one request, no retry (sleeping on it would outlast the test's timeout).
      const patient = limited.client({ maxRetries: 3, maxRetryAfterSeconds: 5 });
      const sent = limited.requests.length;
      expect(await patient.listTasks()).toMatchObject({ ok: false, errorCode: "RATE_LIMITED", retryAfter: expect.any(Number) });
      expect(limited.requests.length - sent).toBe(1);
    } finally {
      await limited.stop();
    }
  });
});

describe("lifecycle", () => {
  it("moves a task SUBMITTED -> PROGRESS -> COMPLETED and serves a real MP4 at output.url", async () => {
    const client = sandbox.client();
    // The clock stops, then jumps to each point of the task's life (1.5 s: queued for 0.3 s, then
    // running); the sandbox's tick applies each change, so every status is seen on any machine.
    const { taskId, seen } = await withStoppedClock(async (clock) => {
      const created = await client.generate(
        "t2v",
        { prompt: "portrait fox", aspectRatio: "9:16", duration: "5" },
        { idempotencyKey: "cutroom-life-001" },
      );
      if (!created.ok) throw new Error(created.errorMessage);
      const seen: string[] = [created.status!];
      for (const [elapsedMs, status] of [
        [750, "PROGRESS"],
        [1500, "COMPLETED"],
      ] as const) {
        clock.advanceTo(elapsedMs);
        seen.push(
          await waitFor(async () => {
            const polled = await client.getStatus(created.taskId!);
            return polled.ok && polled.data.status === status ? polled.data.status : null;
          }),
        );
      }
      return { taskId: created.taskId!, seen };
    });
    expect(seen).toEqual(["SUBMITTED", "PROGRESS", "COMPLETED"]);

    const task = await client.getTask(taskId);
    if (!task.ok) throw new Error(task.errorMessage);
    expect(task.data).toMatchObject({ id: taskId, status: "COMPLETED", model: "t2v", creditsCharged: 15, creditsRefunded: 0 });
    expect(task.data.output?.url).toMatch(new RegExp(`/media/portrait-5s\\.mp4\\?task=${taskId}$`));
    expect(task.data.completedAt).toBeTruthy();

    const media = await fetch(task.data.output!.url!);
    expect(media.headers.get("content-type")).toBe("video/mp4");
    const bytes = Buffer.from(await media.arrayBuffer());
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");

    const list = await client.listTasks();
    if (!list.ok) throw new Error(list.errorMessage);
    expect(list.data.tasks[0]?.id).toBe(taskId);
    expect(list.data.tasks.find((item) => item.id === taskId)?.status).toBe("COMPLETED");
  });

  it("fails a task on the sandbox's failure marker and refunds it", async () => {
    const client = sandbox.client();
    const created = await client.generate(
      "t2v",
      { prompt: "please [sandbox:fail]", aspectRatio: "16:9", duration: "5" },
      { idempotencyKey: "cutroom-fail-001" },
    );
    if (!created.ok) throw new Error(created.errorMessage);
    const task = await waitFor(async () => {
      const result = await client.getTask(created.taskId!);
      return result.ok && result.data.status === "FAILED" ? result.data : undefined;
    });
    expect(task.creditsRefunded).toBe(15);
    expect(String(task.output?.error)).toContain("[sandbox:fail]");
  });

  it("cancels only while SUBMITTED, with PUT only, and refunds", async () => {
    const client = sandbox.client();
    // Held in the queue (SUBMITTED) for minutes, so it is still cancellable however slow the calls below are.
    const created = await client.generate(
      "i2v_v3",
      { image: pngDataUri(), prompt: "hold it [sandbox:hold]", duration: "10" },
      { idempotencyKey: "cutroom-cancel-01" },
    );
    if (!created.ok) throw new Error(created.errorMessage);
    const taskId = created.taskId!;

    const wrongMethod = await fetch(`${sandbox.url}/api/v1/tasks/${taskId}/cancel`, {
      method: "POST",
      headers: { key: "sandbox-test-key" },
    });
    expect(wrongMethod.status).toBe(405);
    const deleteMethod = await fetch(`${sandbox.url}/api/v1/tasks/${taskId}/cancel`, {
      method: "DELETE",
      headers: { key: "sandbox-test-key" },
    });
    expect(deleteMethod.status).toBe(405);

    const canceled = await client.cancel(taskId);
    expect(canceled).toMatchObject({ ok: true, data: { status: "CANCEL", creditsRefunded: 40 } });
    const task = await client.getTask(taskId);
    expect(task).toMatchObject({ ok: true, data: { status: "CANCEL", creditsRefunded: 40 } });

    const again = await client.cancel(taskId);
    expect(again).toMatchObject({ ok: false, httpStatus: 400, errorMessage: expect.stringContaining("this task is CANCEL") });
  });

  it("refuses to cancel a task that has left the queue", async () => {
    const client = sandbox.client();
    const created = await client.generate(
      "t2v",
      { prompt: "busy", aspectRatio: "16:9", duration: "5" },
      { idempotencyKey: "cutroom-cancel-02" },
    );
    if (!created.ok) throw new Error(created.errorMessage);
    // Running, or on a slow machine perhaps already finished: never back in the queue.
    const left = await waitFor(async () => {
      const status = await client.getStatus(created.taskId!);
      return status.ok && status.data.status !== "SUBMITTED" ? status.data.status : null;
    });
    const result = await client.cancel(created.taskId!);
    expect(result).toMatchObject({
      ok: false,
      httpStatus: 400,
      errorMessage: `Only SUBMITTED tasks can be cancelled; this task is ${left}.`,
    });
  });

  it("POSTs to webhookUrl on each status change", async () => {
    const deliveries: { status: string; taskId: string }[] = [];
    const receiver = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        deliveries.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const created = await sandbox
        .client()
        .generate(
          "t2v",
          { prompt: "hooks", aspectRatio: "16:9", duration: "5" },
          { idempotencyKey: "cutroom-hook-0002", webhookUrl: hookUrl },
        );
      if (!created.ok) throw new Error(created.errorMessage);
      await waitFor(async () => deliveries.some((delivery) => delivery.status === "COMPLETED"));
      const statuses = deliveries.filter((delivery) => delivery.taskId === created.taskId).map((delivery) => delivery.status);
      expect(statuses).toEqual(["SUBMITTED", "PROGRESS", "COMPLETED"]);
    } finally {
      receiver.close();
    }
  });
});

describe("quote and account", () => {
  it("quotes with the rates measured live and creates nothing", async () => {
    const client = sandbox.client();
    const before = await client.listTasks();
    const cases: [string, Record<string, unknown>, number][] = [
      // Measured for 5 s (docs/provider-contracts.md §1.3.10 item 4), and the per-second scaling.
      ["t2v", { prompt: "x", aspectRatio: "16:9", duration: "5" }, 15],
      ["t2v", { prompt: "x", aspectRatio: "16:9", duration: "8" }, 24],
      ["i2v", { image: pngDataUri(), duration: "5" }, 15],
      ["t2v_v3", { prompt: "x", aspectRatio: "9:16", duration: "5" }, 20],
      ["t2v_v3", { prompt: "x", aspectRatio: "9:16", duration: "15" }, 60],
      ["i2v_v3", { image: pngDataUri(), prompt: null, duration: "20" }, 80],
      ["minimax", { content: "x" }, 15],
      ["minimax", { content: "x", duration: 5, resolution: "720p", tier: "base" }, 20],
      ["minimax", { content: "x", duration: 5, resolution: "1080p", tier: "turbo" }, 20],
      ["minimax", { content: "x", duration: 5, resolution: "1080p", tier: "base" }, 25],
      ["minimax", { content: "x", duration: 20, resolution: "1080p", tier: "base" }, 100],
      ["seedance20", { prompt: "x", duration: 5, resolution: 480, ratio: "16:9" }, 51],
      ["seedance20", { prompt: "x", duration: 5, resolution: 720, ratio: "16:9" }, 110],
      ["seedance20", { prompt: "x", duration: 4, resolution: 480, ratio: "16:9" }, 41],
      ["seedance20", { prompt: "x", duration: 15, resolution: 720, ratio: "16:9" }, 330],
      ["wan27", { prompt: "x", duration: "5", resolution: "720P", ratio: "16:9" }, 50],
      ["wan27", { prompt: "x", duration: "5", resolution: "1080P", ratio: "16:9" }, 75],
      ["wan27", { prompt: "x", duration: "15", resolution: "1080P", ratio: "16:9" }, 225],
      ["happyhorse", { prompt: "x", duration: 5, resolution: "720P" }, 125],
      ["happyhorse", { prompt: "x", duration: 5, resolution: "1080P" }, 250],
      ["happyhorse", { prompt: "x", duration: 3, resolution: "720P" }, 75],
    ];
    for (const [model, body, credits] of cases) {
      const result = await client.quote(model, body);
      expect({ model, body, result }).toMatchObject({ result: { ok: true, data: { credits, billable: false, usdPerCredit: 0.01 } } });
    }
    const after = await client.listTasks();
    expect(after.ok && before.ok && after.data.tasks.length).toBe(before.ok ? before.data.tasks.length : -1);
  });

  it("reports the models measured live (no lv) and the balance", async () => {
    const result = await sandbox.client().account();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.supportedModels).toEqual(["t2v", "i2v", "minimax", "t2v_v3", "i2v_v3", "seedance20", "wan27", "happyhorse"]);
    expect(typeof result.data.currentBalance).toBe("number");
  });

  it("refuses a model its account does not list, and lists what the knob says", async () => {
    const client = sandbox.client();
    // lv is the sandbox's (the skill page documents it) but not the account's, as measured live.
    expect(await client.quote("lv", { image: pngDataUri(), prompt: ["a"] })).toMatchObject({
      ok: false,
      errorCode: "INVALID_MODEL",
      httpStatus: 400,
      errorMessage: "Unsupported model: lv",
    });
    sandbox.sandbox.faults.set({ supportedModels: ["t2v", "i2v"] });
    try {
      const account = await client.account();
      expect(account.ok && account.data.supportedModels).toEqual(["t2v", "i2v"]);
      const before = await client.listTasks();
      const refused = await client.generate(
        "wan27",
        { prompt: "x", duration: "5", resolution: "720P", ratio: "16:9" },
        { idempotencyKey: "cutroom-unlisted-01" },
      );
      expect(refused).toMatchObject({ ok: false, errorCode: "INVALID_MODEL", errorMessage: "Unsupported model: wan27" });
      const after = await client.listTasks();
      expect(after.ok && before.ok && after.data.tasks.length === before.data.tasks.length).toBe(true);
    } finally {
      sandbox.sandbox.faults.set({});
    }
  });
});

describe("the newer models, validated as the vendor documents them", () => {
  const refusal = async (model: string, body: Record<string, unknown>) => {
    const result = await sandbox.client().quote(model, body);
    if (result.ok) throw new Error(`${model} accepted ${JSON.stringify(body)}`);
    return { errorCode: result.errorCode, httpStatus: result.httpStatus, fields: Object.keys(result.fieldHints ?? {}).sort() };
  };
  const link = "https://example.com/a.png";

  it("minimax takes `content`, not `prompt`, and never frames with references", async () => {
    expect(await refusal("minimax", { prompt: "x" })).toEqual({
      errorCode: "INVALID_PAYLOAD",
      httpStatus: 400,
      fields: ["_form", "content"],
    });
    expect(await refusal("minimax", { content: "x", duration: 21, resolution: "480p" })).toMatchObject({
      fields: ["duration", "resolution"],
    });
    expect(await refusal("minimax", { content: "x", imageUrl: pngDataUri(), referenceImageUrls: [link] })).toMatchObject({
      fields: ["referenceImageUrls"],
    });
    expect(await refusal("minimax", { content: "x", referenceImageUrls: [link, link, link, link, link] })).toMatchObject({
      fields: ["referenceImageUrls"],
    });
    // Video and audio references are links only: no data URI.
    expect(await refusal("minimax", { content: "x", referenceVideoUrl: pngDataUri() })).toMatchObject({ fields: ["referenceVideoUrl"] });
    const created = await sandbox
      .client()
      .generate(
        "minimax",
        { content: "x", duration: 6, imageUrl: pngDataUri(), lastFrameUrl: link },
        { idempotencyKey: "cutroom-minimax-01" },
      );
    expect(created).toMatchObject({ ok: true, data: { creditsCharged: 18 } });
  });

  it("seedance20 needs a prompt, an image or a video, a number resolution and a ratio", async () => {
    expect(await refusal("seedance20", { duration: 5, resolution: 720, ratio: "16:9" })).toMatchObject({ fields: ["prompt"] });
    expect(await refusal("seedance20", { prompt: "x", duration: 5, resolution: "720", ratio: "16:9" })).toMatchObject({
      fields: ["resolution"],
    });
    expect(await refusal("seedance20", { prompt: "x", duration: "5", resolution: 720 })).toMatchObject({ fields: ["duration", "ratio"] });
    const imageOnly = await sandbox.client().quote("seedance20", { image: pngDataUri(), duration: 5, resolution: 480, ratio: "9:16" });
    expect(imageOnly).toMatchObject({ ok: true, data: { credits: 51 } });
  });

  it("wan27 takes its duration as a string and resolution with a capital P", async () => {
    expect(await refusal("wan27", { prompt: "x", duration: 5, resolution: "720p", ratio: "21:9" })).toMatchObject({
      fields: ["duration", "ratio", "resolution"],
    });
    expect(
      await sandbox
        .client()
        .quote("wan27", { prompt: "x", image: link, duration: "10", resolution: "720P", ratio: "4:3", promptExtend: true }),
    ).toMatchObject({
      ok: true,
      data: { credits: 100 },
    });
  });

  it("happyhorse takes one image or an array of them", async () => {
    const base = { prompt: "x", duration: 3, resolution: "720P" };
    expect(await sandbox.client().quote("happyhorse", { ...base, image: pngDataUri() })).toMatchObject({ ok: true });
    expect(await sandbox.client().quote("happyhorse", { ...base, image: [link, pngDataUri()], ratio: "1:1" })).toMatchObject({ ok: true });
    expect(await refusal("happyhorse", { ...base, image: [] })).toMatchObject({ fields: ["image"] });
    expect(await refusal("happyhorse", { ...base, duration: 16 })).toMatchObject({ fields: ["duration"] });
  });
});

describe("X-Max-Credits", () => {
  const body = { prompt: "capped", aspectRatio: "16:9", duration: "5" };
  const balance = async () => {
    const account = await sandbox.client().account();
    if (!account.ok) throw new Error(account.errorMessage);
    return account.data.currentBalance!;
  };

  it("is sent on the create, and a price above it is refused with 422 BUDGET_EXCEEDED before any charge", async () => {
    const before = await balance();
    sandbox.requests.length = 0;
    const refused = await sandbox.client().generate("t2v", body, { idempotencyKey: "cutroom-cap-00001", maxCredits: 14 });
    expect(sandbox.requests.at(-1)!.headers.get("x-max-credits")).toBe("14");
    expect(refused).toMatchObject({ ok: false, errorCode: "BUDGET_EXCEEDED", httpStatus: 422 });
    expect(refused.ok ? null : refused.data).toEqual({
      status: "FAILED",
      errorCode: "BUDGET_EXCEEDED",
      error: "BUDGET_EXCEEDED",
      message: "Quoted 15 credits exceeds X-Max-Credits 14.",
    });
    expect(await balance()).toBe(before);
    const list = await sandbox.client().listTasks();
    expect(list.ok && list.data.tasks.some((task) => task.idempotencyKey === "cutroom-cap-00001")).toBe(false);
  });

  it("passes a price equal to the cap, and refuses a malformed cap", async () => {
    expect(await sandbox.client().generate("t2v", body, { idempotencyKey: "cutroom-cap-00002", maxCredits: 15 })).toMatchObject({
      ok: true,
      data: { creditsCharged: 15 },
    });
    const malformed = await fetch(`${sandbox.url}/api/v1/generate/t2v`, {
      method: "POST",
      headers: { key: "sandbox-test-key", "content-type": "application/json", "x-max-credits": "lots" },
      body: JSON.stringify(body),
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errorCode: "INVALID_PAYLOAD" });
  });
});
