import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Hono, type Context } from "hono";
import type { Db } from "@/lib/server/db";
import { createRateLimiter } from "../rate-limit";
import {
  SANDBOX_FAIL_MARKER,
  SANDBOX_HOLD_SECONDS,
  SANDBOX_MODELS,
  SANDBOX_MODEL_SCHEMAS,
  isSandboxModel,
  priceOf,
  sampleAspectFor,
  wantsFailure,
  wantsHold,
} from "./contract";
import { QUERY_ENDPOINTS, createFaultState, sandboxFaultsSchema, type SandboxEndpoint, type SandboxFaults } from "./faults";
import { planDeliveries } from "./outbox";
import * as store from "./store";
import { deliverDueWebhooks } from "./webhooks";
import { canonical, clientAddress, fail, storedInput, taskView } from "./wire";

// A stand-in for aivideomaker.ai API v1 that speaks its wire contract: the `key` header, the error
// envelope `{status: "FAILED", errorCode, message}`, Idempotency-Key replays and conflicts, a credit
// balance, SUBMITTED -> PROGRESS -> COMPLETED | FAILED over time, 60 query calls/min/IP with 429 +
// Retry-After, PUT-only cancel while SUBMITTED, and a POST to `webhookUrl` on every status change.
// Fault knobs (faults.ts) make it misbehave on purpose. The same app is mounted in Next.js
// (/api/sandbox/aivideomaker) and served standalone in tests.

export type AivideomakerSandboxOptions = {
  db: () => Promise<Db>;
  apiKey: string;
  taskSeconds: number;
  initialCredits: number;
  /** Path prefix the app is mounted under ("" when standalone). */
  basePath: string;
  mediaDir: string;
  queryLimit?: { limit: number; windowMs: number };
  webhookTimeoutMs?: number;
  faults?: SandboxFaults;
};

export type SandboxCall = { at: number; endpoint: SandboxEndpoint; status: number };

const CALL_LOG_SIZE = 20_000;

export function createAivideomakerSandbox(options: AivideomakerSandboxOptions) {
  const keyHash = store.hashKey(options.apiKey);
  const limiter = createRateLimiter(options.queryLimit?.limit ?? 60, options.queryLimit?.windowMs ?? 60_000);
  const faults = createFaultState(options.faults);
  const calls: SandboxCall[] = [];
  const app = new Hono({ strict: false }).basePath(options.basePath || "/");
  const plan: store.DeliveryPlanner = (task, statuses) => planDeliveries(faults, task, statuses, new Date());

  const originOf = (c: Context) => new URL(c.req.url).origin;
  const taskUrl = (c: Context, id: string) => `${originOf(c)}${options.basePath}/api/v1/tasks/${id}`;
  const view = (task: store.SandboxTask) => taskView(task, options.basePath);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Runs one endpoint under the fault knobs and the rules every endpoint shares: the `key` header
   * first, then latency, injected 500s, the per-IP budget and 429 storms for queries, and hangs.
   */
  function endpoint(name: SandboxEndpoint, handler: (c: Context, db: Db) => Promise<Response>) {
    return async (c: Context) => {
      const record = (response: Response) => {
        calls.push({ at: Date.now(), endpoint: name, status: response.status });
        if (calls.length > CALL_LOG_SIZE) calls.splice(0, calls.length - CALL_LOG_SIZE);
        return response;
      };
      if (c.req.header("key") !== options.apiKey) return record(fail(c, 401, "AUTH_FAILED", "Invalid API key. Check the `key` header."));
      if (faults.current.latencyMs) await sleep(faults.current.latencyMs);
      if (faults.shouldError(name)) return record(fail(c, 500, null, "Internal server error (sandbox fault)."));
      const query = QUERY_ENDPOINTS.has(name);
      const wait = faults.stormRetryAfter(name) ?? (query ? limiter.hit(clientAddress(c)) : null);
      if (wait !== null) {
        c.header("Retry-After", String(wait));
        const message = query ? "Too many requests: task queries are limited to 60 per minute per IP." : "Too many requests. Slow down.";
        return record(fail(c, 429, "RATE_LIMITED", message));
      }
      const db = await options.db();
      await store.advanceDueTasks(db, new Date(), plan);
      const hang = faults.shouldHang(name);
      const response = record(await handler(c, db));
      // The work is done but the answer never comes: the client sees a timeout (a lost answer).
      if (hang) await sleep(10 * 60_000);
      return response;
    };
  }

  async function readBody(c: Context): Promise<Record<string, unknown> | Response> {
    const text = await c.req.text();
    if (!text.trim()) return {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through to the same refusal
    }
    return fail(c, 400, "INVALID_PAYLOAD", "Request body must be a JSON object.");
  }

  async function validated(c: Context): Promise<{ model: (typeof SANDBOX_MODELS)[number]; body: Record<string, unknown> } | Response> {
    const model = c.req.param("model") ?? "";
    if (!isSandboxModel(model)) return fail(c, 400, "INVALID_MODEL", `Unsupported model: ${model}`);
    const raw = await readBody(c);
    if (raw instanceof Response) return raw;
    const parsed = SANDBOX_MODEL_SCHEMAS[model].safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.map((part) => (typeof part === "number" ? part : String(part))),
        message: issue.message,
      }));
      return fail(c, 400, "INVALID_PAYLOAD", "Invalid payload", { issues });
    }
    return { model, body: parsed.data as Record<string, unknown> };
  }

  app.get(
    "/api/v1/account",
    endpoint("account", async (c, db) =>
      c.json({
        supportedModels: SANDBOX_MODELS,
        currentBalance: await store.balanceOf(db, keyHash, options.initialCredits),
        dailyCreditLimit: -1,
        generationRequestsPerMinute: -1,
        creditWarningAt: -1,
        sandbox: true,
      }),
    ),
  );

  app.post(
    "/api/v1/quote/:model",
    endpoint("quote", async (c, db) => {
      const request = await validated(c);
      if (request instanceof Response) return request;
      const credits = priceOf(request.model, request.body);
      const balance = await store.balanceOf(db, keyHash, options.initialCredits);
      return c.json({
        model: request.model,
        credits,
        listPriceUsd: credits / 100,
        usdPerCredit: 0.01,
        currentBalance: balance,
        affordable: balance >= credits,
        billable: false,
      });
    }),
  );

  app.post(
    "/api/v1/generate/:model",
    endpoint("generate", async (c, db) => {
      const idempotencyKey = c.req.header("idempotency-key") ?? null;
      if (idempotencyKey !== null && (idempotencyKey.length < 8 || idempotencyKey.length > 128)) {
        return fail(c, 400, "INVALID_PAYLOAD", "Idempotency-Key must be 8 to 128 characters.");
      }
      const request = await validated(c);
      if (request instanceof Response) return request;
      const requestHash = createHash("sha256")
        .update(`${request.model}\n${canonical(request.body)}`)
        .digest("hex");

      const submitted = (task: store.SandboxTask, replay: boolean) =>
        c.json({
          status: replay ? task.status : "SUBMITTED",
          taskId: task.id,
          creditsCharged: task.creditsCharged,
          idempotentReplay: replay,
          responseUrl: taskUrl(c, task.id),
          statusUrl: `${taskUrl(c, task.id)}/status`,
          cancelUrl: `${taskUrl(c, task.id)}/cancel`,
        });
      const replayOrConflict = (task: store.SandboxTask) =>
        task.requestHash === requestHash
          ? submitted(task, true)
          : fail(c, 409, "IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different request body.");

      if (idempotencyKey) {
        const existing = await store.findByIdempotencyKey(db, keyHash, idempotencyKey);
        if (existing) return replayOrConflict(existing);
      }

      const now = Date.now();
      const seconds = options.taskSeconds * 1000;
      const markerFailure = wantsFailure(request.body);
      const failing = markerFailure || faults.shouldFailAfterAccept();
      const queuedMs = wantsHold(request.body) ? SANDBOX_HOLD_SECONDS * 1000 : seconds * 0.2;
      const outcome = await store.createTask(
        db,
        {
          keyHash,
          model: request.model,
          input: storedInput(request.body),
          idempotencyKey,
          requestHash,
          webhookUrl: c.req.header("webhookurl") ?? null,
          outcome: failing ? "FAILED" : "COMPLETED",
          failureMessage: markerFailure
            ? `The sandbox failed this task on purpose because its prompt contains ${SANDBOX_FAIL_MARKER}. Credits were refunded.`
            : failing
              ? "Generation failed after the task was accepted (sandbox fault). Credits were refunded."
              : null,
          aspect: sampleAspectFor(request.body),
          origin: originOf(c),
          progressAt: new Date(now + queuedMs),
          finishAt: new Date(now + queuedMs + seconds * 0.8),
          creditsCharged: priceOf(request.model, request.body),
        },
        options.initialCredits,
        plan,
      );
      if (outcome.kind === "insufficient") {
        return fail(
          c,
          402,
          "INSUFFICIENT_CREDITS",
          `Current balance ${outcome.balance} is below required ${priceOf(request.model, request.body)}`,
        );
      }
      if (outcome.kind === "existing") return replayOrConflict(outcome.task);
      return submitted(outcome.task, false);
    }),
  );

  app.get(
    "/api/v1/tasks",
    endpoint("list", async (c, db) => {
      const tasks = (await store.listTasks(db, keyHash)).map(view);
      return c.json({ tasks: faults.current.listOmitsOutput ? tasks.map((task) => ({ ...task, output: null })) : tasks });
    }),
  );

  app.get(
    "/api/v1/tasks/:id",
    endpoint("task", async (c, db) => {
      const task = await store.findTask(db, keyHash, c.req.param("id")!);
      return task ? c.json(view(task)) : fail(c, 404, "TASK_NOT_FOUND", "Task not found");
    }),
  );

  app.get(
    "/api/v1/tasks/:id/status",
    endpoint("status", async (c, db) => {
      const task = await store.findTask(db, keyHash, c.req.param("id")!);
      return task ? c.json({ status: task.status }) : fail(c, 404, "TASK_NOT_FOUND", "Task not found");
    }),
  );

  app.put(
    "/api/v1/tasks/:id/cancel",
    endpoint("cancel", async (c, db) => {
      const id = c.req.param("id")!;
      const canceled = await store.cancelTask(db, keyHash, id, plan);
      if (canceled) return c.json({ status: "CANCEL", taskId: canceled.id, creditsRefunded: canceled.creditsRefunded });
      const task = await store.findTask(db, keyHash, id);
      if (!task) return fail(c, 404, "TASK_NOT_FOUND", "Task not found");
      return fail(c, 400, null, `Only SUBMITTED tasks can be cancelled; this task is ${task.status}.`, { taskStatus: task.status });
    }),
  );
  app.all("/api/v1/tasks/:id/cancel", (c) => {
    c.header("Allow", "PUT");
    return fail(c, 405, null, "Method Not Allowed");
  });

  app.get("/media/:file", async (c) => {
    const file = c.req.param("file");
    if (!/^(landscape|portrait|square)\.mp4$/.test(file)) return c.notFound();
    const bytes = await fs.readFile(path.join(options.mediaDir, file));
    return c.body(new Uint8Array(bytes), 200, { "content-type": "video/mp4", "content-length": String(bytes.length) });
  });

  // The sandbox's control plane (not part of the vendor's API): fault knobs and a log of calls, so
  // tests in other processes can set faults and count what the client really sent.
  app.use("/_sandbox/*", async (c, next) => {
    if (c.req.header("key") !== options.apiKey) return fail(c, 401, "AUTH_FAILED", "Invalid API key. Check the `key` header.");
    await next();
  });
  app.get("/_sandbox/faults", (c) => c.json(faults.current));
  app.put("/_sandbox/faults", async (c) => {
    const parsed = sandboxFaultsSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    faults.set(parsed.data);
    return c.json(faults.current);
  });
  app.get("/_sandbox/calls", (c) => {
    const since = Number(c.req.query("since") ?? 0);
    return c.json({ calls: calls.filter((call) => call.at >= since) });
  });

  app.notFound((c) => fail(c, 404, null, "Not found"));

  /** Applies due status changes and sends due webhooks; run every second or so. */
  async function tick(): Promise<void> {
    const db = await options.db();
    await store.advanceDueTasks(db, new Date(), plan);
    await deliverDueWebhooks(db, options.basePath, options.webhookTimeoutMs ?? 5000);
  }

  return { app, tick, faults, calls, resetRateLimit: () => limiter.reset() };
}

export type AivideomakerSandbox = ReturnType<typeof createAivideomakerSandbox>;
