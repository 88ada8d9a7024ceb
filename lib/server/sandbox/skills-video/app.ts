import "server-only";
import { randomBytes } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { Webhook } from "standardwebhooks";
import { findModel } from "@/lib/shared/catalog";
import { outputOf } from "@/lib/shared/catalog/ids";
import { SANDBOX_FAIL_MARKER, SANDBOX_HOLD_MARKER, SANDBOX_HOLD_SECONDS } from "../aivideomaker/contract";
import {
  aspectOfRatio,
  createFaultKnobs,
  dropsWebhooksOf,
  mountControlPlane,
  recordCall,
  serveMedia,
  type Aspect,
  type SandboxCall,
} from "../shared";
import { skillsVideoFaultsSchema, type SkillsVideoEndpoint, type SkillsVideoFaults } from "./faults";
import { checkRequest } from "./request-check";

// A stand-in for the skills.video Open Platform (docs/provider-contracts.md §2) that speaks its wire contract: Bearer
// keys; POST /generation/{provider}/{model} and its SSE twin, whose data-only events carry the
// generation object until a terminal status; GET /generation/{id} with `data` null until it
// completes; GET /credits; `{error, code, message}` error bodies with *_GENERATION_* codes; and
// webhooks signed the Standard Webhooks way. Two models answer in the older vocabulary
// (starting/processing/succeeded), as their published docs do. Results are real media: the sample
// clips, or a PNG drawn for the request. Tasks live in memory: it is a sandbox.

export type SkillsVideoSandboxOptions = {
  apiKey: string;
  taskSeconds: number;
  initialCredits: number;
  /** Path prefix the app is mounted under ("" when standalone). */
  basePath: string;
  /** Where the sample clips are. */
  mediaDir: string;
  /** Where signed webhooks go (the dashboard's endpoint), and the endpoint's secret. */
  webhook?: { url: string; secret: string };
  webhookTimeoutMs?: number;
  faults?: SkillsVideoFaults;
};

type Status = "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED" | "FAILED" | "CANCELED";
const TERMINAL: ReadonlySet<Status> = new Set(["COMPLETED", "FAILED", "CANCELED"]);
const LEGACY: Record<Status, string> = {
  IN_QUEUE: "starting",
  IN_PROGRESS: "processing",
  COMPLETED: "succeeded",
  FAILED: "failed",
  CANCELED: "canceled",
};
const WEBHOOK_STATE: Record<Status, { type: string; state: string }> = {
  IN_QUEUE: { type: "task.created", state: "queued" },
  IN_PROGRESS: { type: "task.started", state: "running" },
  COMPLETED: { type: "task.completed", state: "succeeded" },
  FAILED: { type: "task.failed", state: "failed" },
  CANCELED: { type: "task.canceled", state: "canceled" },
};
/** These models' published docs use PredictionStatus; the sandbox answers them that way. */
const LEGACY_MODELS = new Set(["bytedance/seedance-1.5", "google/veo-3.1-lite"]);

type Generation = {
  id: string;
  model: string;
  input: Record<string, unknown>;
  output: "video" | "image";
  aspect: Aspect;
  origin: string;
  createdAt: number;
  progressAt: number;
  finishAt: number;
  outcome: "COMPLETED" | "FAILED";
  failure: string | null;
  cost: number;
  notified: Status[];
};

type Delivery = { generationId: string; status: Status; at: number; attempts: number; messageId: string };

export type SkillsVideoCall = SandboxCall<SkillsVideoEndpoint>;

/** Price in credits: video seconds x 8 (x1.5 for pro or 1080p), or 20 for an image. */
function priceOf(model: string, input: Record<string, unknown>): number {
  const kind = findModel("skills-video", model)?.kind;
  if (kind && outputOf(kind) === "image") return 20;
  const seconds = Number(input.duration ?? 5) || 5;
  const premium = input.quality === "pro" || input.resolution === "1080p" ? 1.5 : 1;
  return Math.round(seconds * 8 * premium);
}

export function createSkillsVideoSandbox(options: SkillsVideoSandboxOptions) {
  const knobs = createFaultKnobs<SkillsVideoFaults>(options.faults ?? {});
  const generations = new Map<string, Generation>();
  const outbox: Delivery[] = [];
  const calls: SkillsVideoCall[] = [];
  let balance = options.initialCredits;
  const app = new Hono({ strict: false }).basePath(options.basePath || "/");
  const api = "/api/v1";
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const random = Math.random;

  const fail = (c: Context, status: number, sub: string, message: string, extra: Record<string, unknown> = {}) =>
    c.json({ error: sub, code: `VIDEO_GENERATION_${sub}`, message, ...extra }, status as 400);

  function statusOf(generation: Generation, now = Date.now()): Status {
    if (now < generation.progressAt) return "IN_QUEUE";
    if (now < generation.finishAt) return "IN_PROGRESS";
    return generation.outcome;
  }

  function mediaUrl(generation: Generation): { url: string; content_type: string; file_name: string } {
    const file = generation.output === "image" ? `${generation.aspect}.png` : `${generation.aspect}.mp4`;
    return {
      url: `${generation.origin}${options.basePath}/media/${file}`,
      content_type: generation.output === "image" ? "image/png" : "video/mp4",
      file_name: file,
    };
  }

  /** The generation object, in the model's vocabulary; `data` only once it has completed. */
  function view(generation: Generation, now = Date.now()) {
    const status = statusOf(generation, now);
    const media = status === "COMPLETED" ? mediaUrl(generation) : null;
    const data = media
      ? generation.output === "image"
        ? { type: "image", n: 1, images: [media], image: media }
        : { type: "video", n: 1, videos: [media], video: media }
      : null;
    const charged = status === "FAILED" ? 0 : generation.cost;
    return {
      id: generation.id,
      status: LEGACY_MODELS.has(generation.model) ? LEGACY[status] : status,
      input: generation.input,
      data,
      usage: { total: charged, subscription: 0, permanent: charged },
      ...(status === "FAILED" ? { code: "VIDEO_GENERATION_FAILED", message: generation.failure } : {}),
    };
  }

  function endpoint(name: SkillsVideoEndpoint, handler: (c: Context) => Promise<Response>) {
    return async (c: Context) => {
      const record = (response: Response) => recordCall(calls, name, response);
      if (c.req.header("authorization") !== `Bearer ${options.apiKey}`) {
        return record(c.json({ error: "UNAUTHORIZED", message: "Missing or invalid API key." }, 401));
      }
      if (knobs.current.latencyMs) await sleep(knobs.current.latencyMs);
      const retryAfter = knobs.storming();
      if (retryAfter !== null) {
        c.header("Retry-After", String(retryAfter));
        return record(fail(c, 429, "RATE_LIMITED", "Rate limit exceeded. Please retry later."));
      }
      if (random() < (knobs.current.errorRate?.[name] ?? 0)) {
        return record(fail(c, 500, "FAILED", "Internal server error (sandbox fault)."));
      }
      return record(await handler(c));
    };
  }

  /** The body as fields, from JSON or multipart; uploaded images stand in as `upload:<name>`. */
  async function readBody(c: Context): Promise<{ body: Record<string, unknown>; fromText: boolean } | Response> {
    const type = c.req.header("content-type") ?? "";
    if (type.startsWith("multipart/form-data")) {
      const form = await c.req.parseBody({ all: true });
      const body: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(form)) {
        const items = Array.isArray(value) ? value : [value];
        const read: unknown[] = [];
        for (const item of items) {
          if (typeof item === "string") {
            read.push(item);
            continue;
          }
          const bytes = Buffer.from(await item.arrayBuffer());
          const sniffed = await fileTypeFromBuffer(bytes);
          if (!sniffed || !["image/png", "image/jpeg", "image/webp"].includes(sniffed.mime)) {
            return fail(c, 422, "INVALID_INPUT", `${name} must be a PNG, JPEG or WebP image.`, {
              errors: [{ field: name, message: "Not an image" }],
            });
          }
          read.push(`upload:${item.name || name}`);
        }
        body[name] = Array.isArray(value) ? read : read[0];
      }
      return { body, fromText: true };
    }
    try {
      const parsed: unknown = JSON.parse(await c.req.text());
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
        return { body: parsed as Record<string, unknown>, fromText: false };
    } catch {
      // answered below
    }
    return fail(c, 400, "INVALID_INPUT", "The request body must be a JSON object or multipart form.");
  }

  async function create(c: Context): Promise<Generation | Response> {
    const model = c.req.path.slice(c.req.path.indexOf("/generation/") + "/generation/".length).replace(/^sse\//, "");
    const known = findModel("skills-video", model);
    if (!known) return fail(c, 400, "UNSUPPORTED_MODEL", `Unsupported model: ${model}`);
    const read = await readBody(c);
    if (read instanceof Response) return read;
    if (known.requestSchema) {
      const errors = checkRequest(known.requestSchema, read.body, read.fromText);
      if (errors.length) return fail(c, 422, "INVALID_INPUT", "The request does not match this model's schema.", { errors });
    } else if (typeof read.body.prompt !== "string") {
      return fail(c, 422, "INVALID_INPUT", "prompt is required", { errors: [{ field: "prompt", message: "prompt is required" }] });
    }
    const cost = priceOf(model, read.body);
    if (balance < cost)
      return fail(c, 402, "INSUFFICIENT_CREDITS", `Insufficient credits for this generation (${cost} needed, ${balance} left).`);
    balance -= cost;
    const prompt = typeof read.body.prompt === "string" ? read.body.prompt : "";
    const marked = prompt.includes(SANDBOX_FAIL_MARKER);
    const failing = marked || random() < (knobs.current.failAfterAcceptRate ?? 0);
    const now = Date.now();
    const total = options.taskSeconds * 1000;
    const queued = prompt.includes(SANDBOX_HOLD_MARKER) ? SANDBOX_HOLD_SECONDS * 1000 : total * 0.2;
    const generation: Generation = {
      id: `gen_${randomBytes(9).toString("base64url")}`,
      model,
      input: read.body,
      output: outputOf(known.kind),
      aspect: aspectOfRatio(read.body.aspect_ratio),
      origin: new URL(c.req.url).origin,
      createdAt: now,
      progressAt: now + queued,
      finishAt: now + queued + total * 0.8,
      outcome: failing ? "FAILED" : "COMPLETED",
      failure: marked
        ? `The sandbox failed this generation on purpose because its prompt contains ${SANDBOX_FAIL_MARKER}.`
        : failing
          ? "Generation failed upstream (sandbox fault)."
          : null,
      cost,
      notified: [],
    };
    generations.set(generation.id, generation);
    notify(generation);
    return generation;
  }

  /** Queues the signed webhooks owed for the statuses a generation has reached since last time. */
  function notify(generation: Generation) {
    const reached: Status[] = [];
    const status = statusOf(generation);
    for (const step of ["IN_QUEUE", "IN_PROGRESS", status] as Status[]) {
      if (!generation.notified.includes(step)) reached.push(step);
      if (step === status) break;
    }
    if (reached.length === 0) return;
    generation.notified.push(...reached);
    const webhookKnobs = knobs.current.webhooks ?? {};
    if (!options.webhook || dropsWebhooksOf(generation.id, webhookKnobs.dropRate ?? 0)) return;
    const base = Date.now() + (webhookKnobs.delayMs ?? 0);
    reached.forEach((step, order) => {
      const at = webhookKnobs.reorder ? base + Math.floor(random() * 3000) : base + order * 10;
      const messageId = `msg_${randomBytes(12).toString("base64url")}`;
      // Duplicates are the same delivery sent again (same webhook-id), as at-least-once delivery does.
      for (let copy = 0; copy < (webhookKnobs.duplicates ?? 1); copy++)
        outbox.push({ generationId: generation.id, status: step, at, attempts: 0, messageId });
    });
    if (webhookKnobs.staleRepeats && TERMINAL.has(status)) {
      for (const stale of ["IN_QUEUE", "IN_PROGRESS"] as Status[]) {
        outbox.push({
          generationId: generation.id,
          status: stale,
          at: base + 3200,
          attempts: 0,
          messageId: `msg_${randomBytes(12).toString("base64url")}`,
        });
      }
    }
  }

  async function deliver(delivery: Delivery): Promise<boolean> {
    const generation = generations.get(delivery.generationId);
    if (!generation || !options.webhook) return true;
    const event = WEBHOOK_STATE[delivery.status];
    const payload = JSON.stringify({
      type: event.type,
      timestamp: new Date().toISOString(),
      data: { prediction: { id: generation.id, model: generation.model, state: event.state, status: delivery.status } },
    });
    const sentAt = new Date();
    const signature = new Webhook(options.webhook.secret).sign(delivery.messageId, sentAt, payload);
    try {
      const response = await fetch(options.webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": delivery.messageId,
          "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
          "webhook-signature": signature,
        },
        body: payload,
        signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 5000),
        redirect: "manual",
      });
      return response.ok;
    } catch {
      return false;
    }
  }

  app.post(
    `${api}/generation/sse/*`,
    endpoint("stream", async (c) => {
      if (knobs.current.streamRefuse) return fail(c, 503, "PROVIDER_UNAVAILABLE", "Streaming is unavailable right now (sandbox fault).");
      const created = await create(c);
      if (created instanceof Response) return created;
      const drop = random() < (knobs.current.streamDropRate ?? 0);
      return streamSSE(c, async (stream) => {
        let last: Status | null = null;
        for (;;) {
          const status = statusOf(created);
          if (status !== last) {
            await stream.writeSSE({ data: JSON.stringify(view(created)) });
            last = status;
            // The connection drops mid-way: no terminal event; the client must poll.
            if (drop && !TERMINAL.has(status)) return;
          }
          if (TERMINAL.has(status) || stream.aborted) return;
          await stream.sleep(150);
        }
      });
    }),
  );

  app.post(
    `${api}/generation/*`,
    endpoint("create", async (c) => {
      const created = await create(c);
      return created instanceof Response ? created : c.json(view(created), 200);
    }),
  );

  app.get(
    `${api}/generation/:id`,
    endpoint("generation", async (c) => {
      const generation = generations.get(c.req.param("id")!);
      if (!generation) return fail(c, 404, "NOT_FOUND", "Generation not found.");
      notify(generation);
      return c.json(view(generation));
    }),
  );

  app.get(
    `${api}/credits`,
    endpoint("credits", async (c) => c.json({ credits: balance })),
  );

  serveMedia(app, options.mediaDir);

  mountControlPlane(app, {
    apiKey: options.apiKey,
    schema: skillsVideoFaultsSchema,
    faults: () => knobs.current,
    setFaults: (next) => setFaults(next),
    calls,
  });
  app.notFound((c) => c.json({ error: "NOT_FOUND", message: "Not found." }, 404));

  function setFaults(next: SkillsVideoFaults) {
    knobs.set(next);
  }

  /** Moves the clock: queues webhooks for new statuses and sends those that are due. */
  async function tick(): Promise<void> {
    for (const generation of generations.values()) {
      if (!generation.notified.some((status) => TERMINAL.has(status))) notify(generation);
    }
    const now = Date.now();
    const due = outbox.filter((delivery) => delivery.at <= now);
    if (due.length === 0) return;
    for (const delivery of due) outbox.splice(outbox.indexOf(delivery), 1);
    const results = await Promise.all(due.map(deliver));
    due.forEach((delivery, index) => {
      // Retried with a growing delay, a few times, as at-least-once delivery does.
      if (!results[index] && delivery.attempts < 5)
        outbox.push({ ...delivery, attempts: delivery.attempts + 1, at: now + 2 ** delivery.attempts * 1000 });
    });
  }

  return {
    app,
    tick,
    calls,
    setFaults,
    get balance() {
      return balance;
    },
  };
}

export type SkillsVideoSandbox = ReturnType<typeof createSkillsVideoSandbox>;
