import "server-only";
import { EventSourceParserStream } from "eventsource-parser/stream";
import type { CallGate, CallKind } from "../gate";
import { abortStream, createHttpCore, type Answer, type PlainAttempt } from "../http-core";
import { parseRetryAfter } from "../retry-after";
import { success, type ProviderFailure, type ProviderResult } from "../result";
import { providerFailure, withRetries as retrying } from "../retrying";
import { dataOfUnfinishedEvent, idFromHeaders, idFromPartialJson } from "./early-id";
import { errorBodySchema, fieldHintsFrom, generationSchema, stableCodeFor, stateOf, type Generation } from "./wire";

// HTTP client for the skills.video Open Platform (docs/provider-contracts.md §2). A create goes to the SSE endpoint
// and returns as soon as anything names the generation (a header, the first event, or the part of
// it that arrived before the stream broke), with the rest of the stream to follow; when the SSE endpoint cannot be opened (404/405, 429, 503, no connection) it creates through
// the polling endpoint instead. Transient failures are retried after 1, 2, 4, 8 and 16 seconds;
// 4xx answers are returned at once and never re-sent unchanged.

export type SkillsVideoClientConfig = {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Backoff schedule: minBackoffMs doubled per attempt, `retries` times (1, 2, 4, 8, 16 s). */
  retries?: number;
  minBackoffMs?: number;
  /** An open stream with no event for this long is closed, and polling takes over. */
  streamIdleMs?: number;
  gate?: CallGate;
};

export type MultipartFile = { field: string; bytes: Buffer; mime: string; filename: string };
export type CreateBody = { json: Record<string, unknown>; files: MultipartFile[] };

export type OpenedGeneration = {
  first: Generation;
  /** The stream's later events; ends at a terminal status, or early if the stream drops. */
  updates: AsyncGenerator<Generation, void, void>;
  mode: "sse" | "polling";
};

type Raw = Answer;

export function createSkillsVideoClient(config: SkillsVideoClientConfig) {
  const retries = config.retries ?? 5;
  const minBackoffMs = config.minBackoffMs ?? 1000;
  const http = createHttpCore({
    label: "skills.video",
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    authHeaders: { authorization: `Bearer ${config.apiKey}` },
    gate: config.gate,
  });

  const failure = providerFailure;
  const schedule = { retries, minBackoffMs };
  const withRetries = <T>(once: () => Promise<ProviderResult<T>>, options: { idempotent: boolean; optional?: boolean }) =>
    retrying(once, { ...schedule, ...options });

  function failureOf(result: PlainAttempt, taskId: string | null = null): ProviderFailure | null {
    const unanswered = http.unansweredFailure(result, taskId);
    if (unanswered || !("response" in result)) return unanswered;
    if (result.response.ok) return null;
    const parsed = errorBodySchema.safeParse(result.body);
    const body = parsed.success ? parsed.data : null;
    const errorCode = stableCodeFor(result.response.status, body);
    return failure({
      taskId,
      data: result.body,
      errorCode,
      errorMessage: body?.message ?? `skills.video answered HTTP ${result.response.status}.`,
      retryAfter: parseRetryAfter(result.response.headers.get("retry-after")),
      httpStatus: result.response.status,
      ...(errorCode === "INVALID_PAYLOAD" ? { fieldHints: fieldHintsFrom(body) } : {}),
      ...(body?.code ? { providerCode: body.code } : {}),
    });
  }

  // The balance is read only for a price check: optional, so its 429 never pauses the provider.
  const kindOf = (method: string, path: string): CallKind =>
    method === "GET" && path.startsWith("/generation/")
      ? "query"
      : path === "/credits"
        ? "optional"
        : method === "POST"
          ? "create"
          : "command";

  const send = (method: string, path: string, init: { body?: CreateBody; headers?: Record<string, string> } = {}) =>
    http.attempt({ kind: kindOf(method, path), method, path, headers: init.headers, ...encode(init.body) });

  function generationOf(raw: Raw, taskId: string | null): ProviderResult<Generation> {
    const parsed = generationSchema.safeParse(raw.body);
    if (!parsed.success || !parsed.data.id) {
      return failure({
        taskId,
        data: raw.body,
        errorCode: "UNKNOWN_ERROR",
        errorMessage: "skills.video answered with a response Cutroom does not understand.",
        httpStatus: raw.response.status,
        maybeCreated: true,
      });
    }
    return success(parsed.data, raw.response.status, { status: parsed.data.status, taskId: parsed.data.id });
  }

  async function* emptyUpdates(): AsyncGenerator<Generation, void, void> {}

  /** POST /generation/{model} (polling mode): the generation object, then updates come from GET. */
  async function createPolling(
    model: string,
    body: CreateBody,
    headers: Record<string, string>,
  ): Promise<ProviderResult<OpenedGeneration>> {
    return withRetries(
      async () => {
        const result = await send("POST", `/generation/${model}`, { body, headers });
        const failed = failureOf(result);
        // On a create, "not found" is about the model's endpoint, not a task.
        if (failed?.httpStatus === 404) return { ...failed, errorCode: "INVALID_MODEL" as const };
        if (failed) return failed;
        const generation = generationOf(result as Raw, null);
        return generation.ok
          ? success({ first: generation.data, updates: emptyUpdates(), mode: "polling" as const }, generation.httpStatus, {
              status: generation.status,
              taskId: generation.taskId,
            })
          : generation;
      },
      { idempotent: false },
    );
  }

  return {
    /**
     * Creates a generation (billable) through the SSE endpoint, falling back to the polling endpoint
     * when the stream cannot be opened. `model` is the path after /generation/ ("kling-ai/kling-v2.6").
     */
    async create(model: string, body: CreateBody, options: { idempotencyKey: string }): Promise<ProviderResult<OpenedGeneration>> {
      assertModelPath(model);
      // Not documented by skills.video; sent in case it honours it, as AIVideoMaker does (harmless).
      const headers = { "Idempotency-Key": options.idempotencyKey };
      // One try at the stream. If it cannot be opened (no SSE endpoint for the model, 429, 5xx, or
      // no connection at all) nothing was created, and the polling endpoint takes over with the
      // full retry schedule. A 4xx about the request itself is the answer.
      const result = await http.attempt({
        kind: "create",
        method: "POST",
        path: `/generation/sse/${model}`,
        headers,
        stream: true,
        ...encode(body),
      });
      let stream: Response;
      if ("stream" in result) {
        stream = result.stream;
      } else if ("response" in result && result.response.ok) {
        // A 2xx JSON answer on the SSE path: the polling-mode create response.
        const generation = generationOf(result, null);
        if (!generation.ok) return generation;
        stream = jsonAsStream(result.body);
      } else {
        const failed = failureOf(result as PlainAttempt)!;
        // A 5xx other than 503 may follow a generation that was made: not sent again, and flagged.
        if (failed.httpStatus >= 500 && failed.httpStatus !== 503) return { ...failed, maybeCreated: true };
        const cannotOpen =
          failed.httpStatus === 404 ||
          failed.httpStatus === 405 ||
          failed.httpStatus === 429 ||
          failed.httpStatus === 503 ||
          (failed.errorCode === "NETWORK_ERROR" && !failed.maybeCreated);
        if (failed.blocked || !cannotOpen) return failed;
        return createPolling(model, body, headers);
      }
      const httpStatus = stream.status;
      const { events, unfinished } = readEvents(stream, config.streamIdleMs ?? 120_000);
      // The generation's id, as soon as anything names it, is what the caller stores before it
      // waits for anything more: a header, the first event that carries it, or what arrived of an
      // event the stream broke inside (early-id.ts). Only when nothing named it is the create in doubt.
      const named = (first: Generation, updates: AsyncGenerator<Generation, void, void>) =>
        success({ first, updates, mode: "sse" as const }, httpStatus, { status: first.status, taskId: first.id });
      const fromHeaders = idFromHeaders(stream.headers);
      if (fromHeaders) return named(unknownStatusOf(fromHeaders), events);
      for (;;) {
        const next = await events.next().catch(() => ({ done: true as const, value: undefined }));
        if (next.done) {
          const salvaged = idFromPartialJson(dataOfUnfinishedEvent(unfinished()));
          if (salvaged) return named(unknownStatusOf(salvaged), emptyUpdates());
          return failure({
            errorCode: "NETWORK_ERROR",
            errorMessage: "The skills.video stream closed before it named the generation.",
            httpStatus,
            maybeCreated: true,
          });
        }
        if (next.value.id) return named(next.value, events);
      }
    },

    /** GET /generation/{id}: `data` is null until the generation completes. */
    getGeneration(id: string): Promise<ProviderResult<Generation>> {
      return withRetries(
        async () => {
          const result = await send("GET", `/generation/${encodeURIComponent(id)}`);
          return failureOf(result, id) ?? generationOf(result as Raw, id);
        },
        { idempotent: true },
      );
    },

    /** GET /credits: the balance (its shape is unpublished; the caller reads it defensively). */
    credits(): Promise<ProviderResult<unknown>> {
      return withRetries(
        async () => {
          const result = await send("GET", "/credits");
          return failureOf(result) ?? success((result as Raw).body, (result as Raw).response.status);
        },
        { idempotent: true, optional: true },
      );
    },
  };
}

export type SkillsVideoClient = ReturnType<typeof createSkillsVideoClient>;

/** Model paths are "vendor/model[/variant]" from our catalog; anything else never reaches a URL. */
function assertModelPath(model: string): void {
  if (!/^[a-z0-9][a-z0-9.-]*(\/[a-z0-9][a-z0-9.-]*){1,3}$/i.test(model) || model.includes("..")) {
    throw new Error("Invalid skills.video model path");
  }
}

/** A create's body as the request carries it: multipart when it has files, else JSON. */
function encode(body: CreateBody | undefined): { json?: unknown; form?: FormData } {
  if (!body) return {};
  return body.files.length > 0 ? { form: toFormData(body) } : { json: body.json };
}

function toFormData(body: CreateBody): FormData {
  const form = new FormData();
  const append = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    form.append(name, typeof value === "string" ? value : JSON.stringify(value));
  };
  for (const [name, value] of Object.entries(body.json)) {
    // Lists repeat the field, as the quickstart does for image_urls.
    if (Array.isArray(value)) for (const item of value) append(name, item);
    else append(name, value);
  }
  for (const file of body.files) {
    form.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.filename);
  }
  return form;
}

/** A JSON create answer presented as a one-event stream, so both paths read the same way. */
function jsonAsStream(body: unknown): Response {
  return new Response(`data: ${JSON.stringify(body)}\n\n`, { headers: { "content-type": "text/event-stream" } });
}

/** A generation known by its id alone: its status comes with the next event or poll. */
function unknownStatusOf(id: string): Generation {
  return { id, status: null, data: null, creditsUsed: null, failure: null, echoedKey: null };
}

/** Event boundaries (a blank line) in any of the line-ending styles the format allows. */
const EVENT_BOUNDARY = /\r\n\r\n|\n\n|\r\r/g;
/** More than this of one unfinished event is not kept (the id comes first in it anyway). */
const MAX_UNFINISHED_CHARS = 64 * 1024;

/**
 * The stream's generation objects, in order, and the text of the event being received when it
 * stopped (`unfinished`). Data-only events are documented; named events whose name says the task
 * ended (the vendor's helper checks completed/failed/canceled/done) also end it. A malformed event
 * is skipped; a dropped connection simply ends the generator.
 */
function readEvents(response: Response, idleMs: number): { events: AsyncGenerator<Generation, void, void>; unfinished: () => string } {
  let pending = "";
  const track = new TransformStream<string, string>({
    transform(chunk, controller) {
      pending += chunk;
      let cut = -1;
      for (const match of pending.matchAll(EVENT_BOUNDARY)) cut = match.index + match[0].length;
      if (cut >= 0) pending = pending.slice(cut);
      if (pending.length > MAX_UNFINISHED_CHARS) pending = pending.slice(0, MAX_UNFINISHED_CHARS);
      controller.enqueue(chunk);
    },
  });
  return { events: generationsOf(response, idleMs, track), unfinished: () => pending };
}

async function* generationsOf(
  response: Response,
  idleMs: number,
  track: TransformStream<string, string>,
): AsyncGenerator<Generation, void, void> {
  if (!response.body) return;
  let idle: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => abortStream(response, new DOMException("stream went quiet", "TimeoutError")), idleMs);
    idle.unref?.();
  };
  const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(track).pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  let knownId: string | null = null;
  try {
    for (;;) {
      watch();
      const { done, value } = await reader.read();
      if (done) return;
      let json: unknown;
      try {
        json = JSON.parse(value.data);
      } catch {
        continue;
      }
      const parsed = generationSchema.safeParse(json);
      if (!parsed.success) continue;
      const generation: Generation = { ...parsed.data, id: parsed.data.id ?? knownId };
      knownId = generation.id;
      yield generation;
      const state = stateOf(generation.status);
      if (state === "succeeded" || state === "failed" || state === "canceled") return;
    }
  } catch {
    // The connection dropped mid-way: the caller falls back to polling.
    return;
  } finally {
    clearTimeout(idle);
    reader.cancel().catch(() => undefined);
    abortStream(response);
  }
}
