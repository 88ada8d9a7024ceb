import "server-only";
import { randomBytes } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { APIDOT_MODELS, type ApidotModel } from "@/lib/shared/catalog/apidot";
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
import { apidotFaultsSchema, type ApidotEndpoint, type ApidotFaults } from "./faults";

// A stand-in for the APIDot API (docs/provider-contracts.md §3) that speaks its wire contract: Bearer keys; POST
// /api/generate/submit `{model, callback_url?, input}` answering a `task-unified-…` id;
// GET /api/generate/status/{task_id} through not_started, running, finished | failed, in either of
// the two documented result shapes (data.output.files, or data.files with progress), alternating
// per task so a client must read both; `{code, error:{message, type}}` errors (429 in the other,
// `{code, message}`, shape); and callbacks to callback_url on the terminal status, wrapped or flat.
// It checks bodies on the wire by the vendor's docs, on its own, so it catches the client's bugs,
// and fetches image links that point at this machine (Cutroom's signed upload links) to prove they
// serve an image. Results are real media: the sample clips, or a PNG drawn for the request. Tasks
// live in memory: it is a sandbox.

export type ApidotSandboxOptions = {
  apiKey: string;
  taskSeconds: number;
  initialCredits: number;
  /** Path prefix the app is mounted under ("" when standalone). */
  basePath: string;
  /** Where the sample clips are. */
  mediaDir: string;
  faults?: ApidotFaults;
  webhookTimeoutMs?: number;
};

type Status = "not_started" | "running" | "finished" | "failed";
type Shape = "output" | "files";

type Task = {
  id: string;
  output: "video" | "image";
  aspect: Aspect;
  origin: string;
  createdAt: number;
  progressAt: number;
  finishAt: number;
  outcome: "finished" | "failed";
  failure: string | null;
  cost: number;
  shape: Shape;
  callbackUrl: string | null;
};

type Delivery = { taskId: string; status: Status; at: number; attempts: number };

export type ApidotCall = SandboxCall<ApidotEndpoint>;

type Input = Record<string, unknown>;

const MODELS = new Map<string, ApidotModel>(APIDOT_MODELS.map((model) => [model.id, model]));
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp"]);
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const SEEDANCE_REFERENCES = ["reference_image_urls", "reference_video_urls", "reference_audio_urls"];
const SIZES = ["auto", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9"];

// --- Checks on the wire, by the vendor's docs (docs/provider-contracts.md §3.3). Each answers an error message or null.

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

const has = (input: Input, name: string) => input[name] !== undefined;
const used = (input: Input, name: string) => (Array.isArray(input[name]) ? (input[name] as unknown[]).length > 0 : has(input, name));

function integer(input: Input, name: string, bounds: { min?: number; max?: number; required?: boolean } = {}): string | null {
  if (!has(input, name)) return bounds.required ? `input.${name} is required` : null;
  const value = input[name];
  const { min, max } = bounds;
  const range =
    min !== undefined && max !== undefined
      ? min === max
        ? ` equal to ${min}`
        : ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : "";
  if (typeof value !== "number" || !Number.isInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max))
    return `input.${name} must be an integer${range}`;
  return null;
}

function oneOf(input: Input, name: string, values: readonly string[], required = false): string | null {
  if (!has(input, name)) return required ? `input.${name} is required` : null;
  const value = input[name];
  return typeof value === "string" && values.includes(value) ? null : `input.${name} must be one of: ${values.join(", ")}`;
}

function boolean(input: Input, name: string): string | null {
  return !has(input, name) || typeof input[name] === "boolean" ? null : `input.${name} must be a boolean`;
}

function urls(input: Input, name: string, bounds: { min?: number; max?: number } = {}): string | null {
  if (!has(input, name)) return bounds.min ? `input.${name} is required` : null;
  const value = input[name];
  if (!Array.isArray(value)) return `input.${name} must be an array of http(s) URLs`;
  const bad = value.findIndex((item) => !isHttpUrl(item));
  if (bad >= 0) return `input.${name}[${bad}] must be an http(s) URL`;
  if (bounds.min && value.length < bounds.min) return `input.${name} needs at least ${bounds.min} URL${bounds.min > 1 ? "s" : ""}`;
  if (bounds.max !== undefined && value.length > bounds.max)
    return `input.${name} takes at most ${bounds.max} URL${bounds.max > 1 ? "s" : ""}`;
  return null;
}

function url(input: Input, name: string): string | null {
  return !has(input, name) || isHttpUrl(input[name]) ? null : `input.${name} must be an http(s) URL`;
}

function ratio(input: Input, name: string): string | null {
  return !has(input, name) || (typeof input[name] === "string" && /^\d+:\d+$/.test(input[name]))
    ? null
    : `input.${name} must be a ratio such as 16:9`;
}

const first = (...checks: (() => string | null)[]): string | null => {
  for (const check of checks) {
    const error = check();
    if (error) return error;
  }
  return null;
};

function seedanceRules(input: Input, resolutions: readonly string[]): string | null {
  return first(
    () => integer(input, "duration", { min: 4, max: 15, required: true }),
    () => oneOf(input, "resolution", resolutions, true),
    () => oneOf(input, "aspect_ratio", ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"]),
    () => boolean(input, "generate_audio"),
    () => integer(input, "seed"),
    () => urls(input, "image_urls", { max: 2 }),
    () => urls(input, "reference_image_urls"),
    () => urls(input, "reference_video_urls"),
    () => urls(input, "reference_audio_urls"),
    () =>
      used(input, "image_urls") && SEEDANCE_REFERENCES.some((name) => used(input, name))
        ? "image_urls and reference_*_urls cannot be used together"
        : null,
  );
}

function veoRules(model: string, input: Input): string | null {
  return first(
    () => integer(input, "duration", { min: 8, max: 8 }),
    () => oneOf(input, "aspect_ratio", ["16:9", "9:16"]),
    () => oneOf(input, "resolution", ["720p", "1080p", "4k"]),
    () => oneOf(input, "generate_type", ["frame", "reference"]),
    () => urls(input, "image_urls"),
    () =>
      input.generate_type === "reference" && model !== "veo3.1-fast"
        ? "input.generate_type reference is only supported by veo3.1-fast"
        : null,
    () =>
      has(input, "image_urls") && !has(input, "generate_type") ? "input.image_urls needs input.generate_type (frame or reference)" : null,
    () => (input.generate_type === "frame" ? urls(input, "image_urls", { min: 1, max: 2 }) : null),
    () => (input.generate_type === "reference" ? urls(input, "image_urls", { min: 1, max: 3 }) : null),
  );
}

const RULES: Record<string, (input: Input) => string | null> = {
  "seedance-2": (input) => seedanceRules(input, ["480p", "720p", "1080p"]),
  "seedance-2-fast": (input) => seedanceRules(input, ["480p", "720p"]),
  "veo3.1-lite": (input) => veoRules("veo3.1-lite", input),
  "veo3.1-fast": (input) => veoRules("veo3.1-fast", input),
  "veo3.1-quality": (input) => veoRules("veo3.1-quality", input),
  "sora-2-official": (input) =>
    first(
      () => integer(input, "duration", { min: 8, max: 8 }),
      () => oneOf(input, "aspect_ratio", ["16:9"]),
    ),
  "sora-2-pro-official": (input) =>
    first(
      () => integer(input, "duration", { min: 8, max: 8 }),
      () => oneOf(input, "aspect_ratio", ["auto", "16:9"]),
      () => oneOf(input, "resolution", ["1024p"]),
      () => urls(input, "image_urls", { max: 1 }),
    ),
  "happy-horse": (input) =>
    first(
      () => integer(input, "duration", { min: 1 }),
      () => ratio(input, "aspect_ratio"),
      () => oneOf(input, "resolution", ["1080p"]),
      () => integer(input, "seed"),
      () => boolean(input, "enable_safety_checker"),
      () => urls(input, "image_urls"),
      () => urls(input, "reference_image_urls"),
      () => url(input, "video_url"),
      () => oneOf(input, "audio_setting", ["auto"]),
      () =>
        used(input, "image_urls") && (used(input, "reference_image_urls") || used(input, "video_url"))
          ? "image_urls cannot be used together with reference_image_urls or video_url"
          : null,
    ),
  "gpt-image-2": (input) => oneOf(input, "size", SIZES),
  "gpt-image-2-edit": (input) =>
    first(
      () => oneOf(input, "size", SIZES),
      () => urls(input, "image_urls", { min: 1 }),
    ),
};

/** Fields a model refuses outright, with the docs' reason (checked before unknown fields). */
const REFUSED: Record<string, { fields: string[]; message: string }> = {
  "veo3.1-lite": {
    fields: ["generate_type", "image_urls"],
    message: "veo3.1-lite is text to video only: it does not accept input.generate_type or input.image_urls",
  },
  "gpt-image-2": { fields: ["image_urls"], message: "gpt-image-2 does not accept input.image_urls: use gpt-image-2-edit to edit images" },
};

/** Why a link at this machine does not serve an image, or null when it does (or is elsewhere). */
async function unfetchableImage(link: string): Promise<string | null> {
  if (!LOCAL_HOSTS.has(new URL(link).hostname)) return null;
  try {
    const response = await fetch(link, { redirect: "error", signal: AbortSignal.timeout(5000) });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return `HTTP ${response.status}`;
    }
    const sniffed = await fileTypeFromBuffer(Buffer.from(await response.arrayBuffer()));
    return sniffed && IMAGE_TYPES.has(sniffed.mime) ? null : "HTTP 200, not a PNG, JPEG or WebP image";
  } catch {
    return "network error";
  }
}

/** Price in credits: video seconds (input.duration or 8) x 10 (x1.5 at 1080p, 4k or 1024p), or 30 for an image. */
function priceOf(output: "video" | "image", input: Input): number {
  if (output === "image") return 30;
  const seconds = typeof input.duration === "number" && input.duration > 0 ? input.duration : 8;
  const premium = ["1080p", "4k", "1024p"].includes(String(input.resolution)) ? 1.5 : 1;
  return Math.round(seconds * 10 * premium);
}

function taskIdAt(now: number): string {
  const suffix = Array.from(randomBytes(8), (byte) => ALNUM[byte % ALNUM.length]).join("");
  return `task-unified-${Math.floor(now / 1000)}-${suffix}`;
}

/** The docs' timestamp form: ISO 8601 to the second, without a zone. */
const timeOf = (at: number) => new Date(at).toISOString().slice(0, 19);

export function createApidotSandbox(options: ApidotSandboxOptions) {
  const knobs = createFaultKnobs<ApidotFaults>(options.faults ?? {});
  const tasks = new Map<string, Task>();
  /** Tasks whose terminal status has not been acted on yet (refund, callback). */
  const pending = new Set<Task>();
  const outbox: Delivery[] = [];
  const calls: ApidotCall[] = [];
  let balance = options.initialCredits;
  let created = 0;
  const app = new Hono({ strict: false }).basePath(options.basePath || "/");
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const random = Math.random;

  const fail = (c: Context, code: number, type: string, message: string) =>
    c.json({ code, error: { message, type } }, code as ContentfulStatusCode);
  const invalid = (c: Context, message: string) => fail(c, 400, "invalid_request_error", message);

  function statusOf(task: Task, now = Date.now()): Status {
    if (now < task.progressAt) return "not_started";
    if (now < task.finishAt) return "running";
    return task.outcome;
  }

  function progressOf(task: Task, status: Status, now = Date.now()): number {
    if (status === "not_started" || status === "failed") return 0;
    if (status === "finished") return 100;
    const share = (now - task.progressAt) / Math.max(1, task.finishAt - task.progressAt);
    return Math.min(99, Math.max(1, Math.round(share * 99)));
  }

  function filesOf(task: Task, status: Status) {
    if (status !== "finished") return [];
    const file = task.output === "image" ? `${task.aspect}.png` : `${task.aspect}.mp4`;
    return [{ file_url: `${task.origin}${options.basePath}/media/${file}`, file_type: task.output }];
  }

  /** The status response's `data`, in the task's shape. */
  function dataOf(task: Task, status: Status, now = Date.now()) {
    const files = filesOf(task, status);
    const error_message = status === "failed" ? task.failure : null;
    if (task.shape === "output") {
      // `output` is absent before the task starts, null while it runs or after it failed.
      const output = status === "not_started" ? {} : { output: status === "finished" ? { files } : null };
      return { task_id: task.id, status, ...output, error_message };
    }
    return {
      task_id: task.id,
      status,
      files,
      created_time: timeOf(task.createdAt),
      progress: progressOf(task, status, now),
      error_message,
    };
  }

  /** Acts on tasks that have reached their end: refunds failures and queues their callbacks. */
  function advance(now = Date.now()) {
    for (const task of pending) {
      const status = statusOf(task, now);
      if (status !== "finished" && status !== "failed") continue;
      pending.delete(task);
      if (status === "failed") balance += task.cost;
      const hooks = knobs.current.webhooks ?? {};
      if (!task.callbackUrl || dropsWebhooksOf(task.id, hooks.dropRate ?? 0)) continue;
      const base = now + (hooks.delayMs ?? 0);
      const at = (offset: number) => (hooks.reorder ? base + Math.floor(random() * 3000) : base + offset);
      const terminalAt = at(0);
      // Duplicates are the same delivery sent again, as at-least-once delivery does.
      for (let copy = 0; copy < (hooks.duplicates ?? 1); copy++) outbox.push({ taskId: task.id, status, at: terminalAt, attempts: 0 });
      if (hooks.staleRepeats) outbox.push({ taskId: task.id, status: "running", at: at(1000), attempts: 0 });
    }
  }

  /** The callback body: the status response for "output" tasks, its data flat for "files" ones. */
  function callbackOf(task: Task, status: Status) {
    if (task.shape === "output") return { code: 200, data: dataOf(task, status) };
    return {
      task_id: task.id,
      status,
      files: filesOf(task, status),
      progress: progressOf(task, status),
      error_message: status === "failed" ? task.failure : null,
    };
  }

  async function deliver(delivery: Delivery): Promise<boolean> {
    const task = tasks.get(delivery.taskId);
    if (!task?.callbackUrl) return true;
    try {
      const response = await fetch(task.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(callbackOf(task, delivery.status)),
        signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 5000),
        redirect: "manual",
      });
      await response.body?.cancel().catch(() => undefined);
      return response.ok;
    } catch {
      return false;
    }
  }

  function endpoint(name: ApidotEndpoint, handler: (c: Context) => Promise<Response>) {
    return async (c: Context) => {
      const record = (response: Response) => recordCall(calls, name, response);
      if (c.req.header("authorization") !== `Bearer ${options.apiKey}`)
        return record(fail(c, 401, "authentication_error", "Unauthorized - Invalid API key"));
      if (knobs.current.latencyMs) await sleep(knobs.current.latencyMs);
      const retryAfter = knobs.storming();
      if (retryAfter !== null) {
        c.header("Retry-After", String(retryAfter));
        return record(c.json({ code: 429, message: "Rate limit exceeded. Please slow down and retry later." }, 429));
      }
      if (random() < (knobs.current.errorRate?.[name] ?? 0))
        return record(c.json({ code: 500, message: "Internal server error (sandbox fault)." }, 500));
      return record(await handler(c));
    };
  }

  /** The submit body checked on the wire; answers the model and input, or the 400 to send. */
  async function check(c: Context): Promise<{ model: ApidotModel; input: Input; callbackUrl: string | null } | Response> {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return invalid(c, "The request body must be valid JSON.");
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) return invalid(c, "The request body must be a JSON object.");
    const fields = body as Record<string, unknown>;
    for (const key of Object.keys(fields)) if (!["model", "callback_url", "input"].includes(key)) return invalid(c, `Unknown field ${key}`);
    if (typeof fields.model !== "string" || !fields.model) return invalid(c, "model is required");
    const model = MODELS.get(fields.model);
    if (!model) return invalid(c, `Unsupported model: ${fields.model}`);
    if (has(fields, "callback_url") && !isHttpUrl(fields.callback_url)) return invalid(c, "callback_url must be an http(s) URL");
    if (!fields.input || typeof fields.input !== "object" || Array.isArray(fields.input)) return invalid(c, "input must be an object");
    const input = fields.input as Input;
    const refused = REFUSED[model.id];
    if (refused && refused.fields.some((name) => has(input, name))) return invalid(c, refused.message);
    const allowed = new Set(model.fields.map((field) => field.name));
    for (const key of Object.keys(input)) if (!allowed.has(key)) return invalid(c, `Unknown field input.${key}`);
    if (typeof input.prompt !== "string" || !input.prompt.trim())
      return invalid(c, "input.prompt is required and must be a non-empty string");
    const error = RULES[model.id]?.(input);
    if (error) return invalid(c, error);
    for (const name of ["image_urls", "reference_image_urls"]) {
      const links = Array.isArray(input[name]) ? (input[name] as string[]) : [];
      for (const [index, link] of links.entries()) {
        const reason = await unfetchableImage(link);
        if (reason) return invalid(c, `${name}[${index}] could not be fetched as an image (${reason})`);
      }
    }
    return { model, input, callbackUrl: has(fields, "callback_url") ? (fields.callback_url as string) : null };
  }

  app.post(
    "/api/generate/submit",
    endpoint("submit", async (c) => {
      const checked = await check(c);
      if (checked instanceof Response) return checked;
      const { model, input } = checked;
      const output = outputOf(model.kind);
      const cost = priceOf(output, input);
      advance();
      if (balance < cost)
        return fail(c, 402, "insufficient_credits", `Insufficient credits: this task needs ${cost} credits and ${balance} are left.`);
      balance -= cost;
      const prompt = input.prompt as string;
      const marked = prompt.includes(SANDBOX_FAIL_MARKER);
      const failing = marked || random() < (knobs.current.failAfterAcceptRate ?? 0);
      const now = Date.now();
      const total = options.taskSeconds * 1000;
      const queued = prompt.includes(SANDBOX_HOLD_MARKER) ? SANDBOX_HOLD_SECONDS * 1000 : total * 0.2;
      const shape: Shape = knobs.current.resultShape ?? (created % 2 === 0 ? "output" : "files");
      created++;
      const task: Task = {
        id: taskIdAt(now),
        output,
        aspect: aspectOfRatio(input.aspect_ratio ?? input.size),
        origin: new URL(c.req.url).origin,
        createdAt: now,
        progressAt: now + queued,
        finishAt: now + queued + total * 0.8,
        outcome: failing ? "failed" : "finished",
        failure: marked
          ? `The sandbox failed this task on purpose because its prompt contains ${SANDBOX_FAIL_MARKER}. Credits were refunded.`
          : failing
            ? "Generation failed upstream (sandbox fault). Credits were refunded."
            : null,
        cost,
        shape,
        callbackUrl: checked.callbackUrl,
      };
      tasks.set(task.id, task);
      pending.add(task);
      return c.json({ code: 200, data: { task_id: task.id, status: "not_started", created_time: timeOf(now) } }, 200);
    }),
  );

  app.get(
    "/api/generate/status/:taskId",
    endpoint("status", async (c) => {
      const task = tasks.get(c.req.param("taskId")!);
      if (!task) return fail(c, 404, "not_found", "Task not found");
      const now = Date.now();
      advance(now);
      return c.json({ code: 200, data: dataOf(task, statusOf(task, now), now) }, 200);
    }),
  );

  serveMedia(app, options.mediaDir);

  mountControlPlane(app, {
    apiKey: options.apiKey,
    schema: apidotFaultsSchema,
    faults: () => knobs.current,
    setFaults: (next) => knobs.set(next),
    calls,
  });
  // Ends the wait of every task held by the [sandbox:hold] marker: APIDot cannot cancel, so tests
  // that hold a task let it run to the end here instead of leaving it in flight.
  app.post("/_sandbox/release", (c) => {
    const now = Date.now();
    let released = 0;
    for (const task of tasks.values()) {
      if (now >= task.progressAt) continue;
      const running = task.finishAt - task.progressAt;
      task.progressAt = now;
      task.finishAt = now + running;
      released += 1;
    }
    return c.json({ released });
  });
  app.notFound((c) => fail(c, 404, "not_found", "Not found"));

  /** Moves the clock: acts on tasks that ended and sends the callbacks that are due. */
  async function tick(): Promise<void> {
    advance();
    const now = Date.now();
    const due = outbox.filter((delivery) => delivery.at <= now);
    if (due.length === 0) return;
    const waiting = outbox.filter((delivery) => delivery.at > now);
    outbox.splice(0, outbox.length, ...waiting);
    const results = await Promise.all(due.map(deliver));
    due.forEach((delivery, index) => {
      // Retried after 1, 2, 4, 8 and 16 seconds, then given up.
      if (!results[index] && delivery.attempts < 5)
        outbox.push({ ...delivery, attempts: delivery.attempts + 1, at: Date.now() + 2 ** delivery.attempts * 1000 });
    });
  }

  return {
    app,
    tick,
    calls,
    setFaults: (next: ApidotFaults) => knobs.set(next),
    get balance() {
      advance();
      return balance;
    },
  };
}

export type ApidotSandbox = ReturnType<typeof createApidotSandbox>;
