import "server-only";
import type { CallGate, CallKind } from "./gate";
import { reportToGate } from "./gate-outcome";
import type { ProviderFailure } from "./result";
import { networkFailureOf, providerFailure, readJsonBody } from "./retrying";

// The HTTP steps every provider client shares: ask the shared call gate first, send with a timeout
// on the answer's headers, never follow redirects (a provider's API does not redirect, and a
// redirect could carry the key elsewhere), read the body as JSON (or keep an event stream open),
// and report the outcome back to the gate. What a provider's answers mean stays in its folder.

export type HttpCoreConfig = {
  /** The provider's name in messages ("No answer from APIDot within 30000 ms."). */
  label: string;
  baseUrl: string;
  timeoutMs: number;
  /** The provider's authentication header(s). */
  authHeaders: Record<string, string>;
  gate?: CallGate;
};

export type Answer = { response: Response; body: unknown };
/** What one request came to, when it asked for no stream. */
export type PlainAttempt = Answer | { networkError: string; reached: boolean } | { blocked: ProviderFailure };
export type Attempt = PlainAttempt | { stream: Response };

export type RequestInit = {
  kind: CallKind;
  method: string;
  path: string;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Keep a 2xx `text/event-stream` answer open; its abort handle comes with it. */
  stream?: boolean;
};

/** The abort handle of each open stream, so a stream that goes quiet can be cut. */
const streamControllers = new WeakMap<Response, AbortController>();

export function abortStream(response: Response, reason?: unknown): void {
  streamControllers.get(response)?.abort(reason);
}

export function createHttpCore(config: HttpCoreConfig) {
  const baseUrl = config.baseUrl.replace(/\/+$/, "");

  /** One HTTP attempt: refused by the gate, no answer, an open stream, or an answer with its JSON. */
  function attempt(init: RequestInit & { stream: true }): Promise<Attempt>;
  function attempt(init: RequestInit & { stream?: false }): Promise<PlainAttempt>;
  async function attempt(init: RequestInit): Promise<Attempt> {
    const blocked = await config.gate?.before(init.kind);
    if (blocked) return { blocked };
    const headers: Record<string, string> = {
      ...config.authHeaders,
      accept: init.stream ? "text/event-stream" : "application/json",
      ...init.headers,
    };
    let body: string | FormData | undefined;
    if (init.form) body = init.form;
    else if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    // The timeout covers the answer's headers and a JSON body; an open stream is watched by its
    // reader instead, which cuts it when it goes quiet.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException("timed out", "TimeoutError")), config.timeoutMs);
    let result: Attempt;
    try {
      const response = await fetch(`${baseUrl}${init.path}`, {
        method: init.method,
        headers,
        body,
        signal: controller.signal,
        redirect: "error",
        cache: "no-store",
      });
      if (init.stream && response.ok && (response.headers.get("content-type") ?? "").includes("text/event-stream")) {
        streamControllers.set(response, controller);
        result = { stream: response };
      } else {
        result = { response, body: await readJsonBody(response) };
      }
    } catch (error) {
      result = networkFailureOf(error, config.label, config.timeoutMs);
    } finally {
      // Once the headers (and a JSON body) are in, the timeout has done its job; a stream stays open.
      clearTimeout(timer);
    }
    await reportToGate(config.gate, init.kind, result);
    return result;
  }

  /** The failure an attempt is before its answer is read: refused by the gate, or no answer at all. */
  function unansweredFailure(result: Attempt, taskId: string | null = null): ProviderFailure | null {
    if ("blocked" in result) return { ...result.blocked, taskId };
    if ("networkError" in result) {
      return providerFailure({
        taskId,
        errorCode: "NETWORK_ERROR",
        errorMessage: result.networkError,
        ...(result.reached ? { maybeCreated: true } : {}),
      });
    }
    return null;
  }

  return { attempt, unansweredFailure };
}

export type HttpCore = ReturnType<typeof createHttpCore>;
