import "server-only";
import pRetry, { AbortError } from "p-retry";
import type { ProviderFailure, ProviderResult } from "./result";

// The retry schedule of the providers without idempotent creates (skills.video, APIDot): transient
// failures are tried again after 1, 2, 4, 8 and 16 seconds, never sooner than a Retry-After; a
// create is re-sent only when it surely never left this machine or was refused unprocessed (429,
// 503), so it cannot be made twice.

/** Errors from undici that mean the request never left this machine, so nothing was created. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/** True when a fetch error proves the request was never sent. */
export function neverSent(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return NOT_SENT.has(code);
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

class Retry extends Error {
  constructor(readonly failure: ProviderFailure) {
    super(failure.errorMessage);
  }
}

export type RetrySchedule = {
  retries: number;
  minBackoffMs: number;
  /** Defaults to 16 times minBackoffMs (1, 2, 4, 8, 16 s). */
  maxBackoffMs?: number;
  /** Jittered backoff, so many clients retrying at once spread out. */
  jitter?: boolean;
  /** A Retry-After longer than this is not waited out here: the failure goes back to the caller. */
  maxRetryAfterSeconds?: number;
};

/** No new try of a create starts after this long (each try may still last the request timeout). */
export const CREATE_RETRY_WINDOW_MS = 60_000;

/** The longest one create call can take: the retry window, one more request, and a margin. */
export const createWindowMs = (timeoutMs: number, requestsBeforeRetries = 0) =>
  CREATE_RETRY_WINDOW_MS + timeoutMs * (1 + requestsBeforeRetries) + 5000;

/**
 * Runs `once` with the backoff schedule. Retried: 429 (except on optional calls), 5xx, and network
 * errors where the request never left (or, for reads, any network error). Everything else comes
 * back at once.
 */
export async function withRetries<T>(
  once: () => Promise<ProviderResult<T>>,
  options: RetrySchedule & {
    idempotent: boolean;
    optional?: boolean;
    /** False when a shared gate turns a 429 into a pause for every instance: no waiting here. */
    retryRateLimited?: boolean;
  },
): Promise<ProviderResult<T>> {
  try {
    return await pRetry(
      async () => {
        const result = await once();
        if (result.ok || result.blocked) return result;
        // 429 and 503 say the request was not processed. Any other 5xx on a create may follow a task
        // that was made (a proxy's 502/504, a 500 after the commit): never sent again, and flagged.
        if (!options.idempotent && result.httpStatus >= 500 && result.httpStatus !== 503) return { ...result, maybeCreated: true };
        // An optional call (a price check) gives up on a 429 at once: its caller answers "busy, try
        // again in N s" rather than holding a request open for the provider's Retry-After.
        const retryable =
          (result.httpStatus === 429 && !options.optional && options.retryRateLimited !== false) ||
          result.httpStatus >= 500 ||
          (result.errorCode === "NETWORK_ERROR" && (options.idempotent || !result.maybeCreated));
        if (!retryable) return result;
        throw new Retry(result);
      },
      {
        retries: options.retries,
        // A create's retries stop after a window, so the reconciler knows when an attempt has ended.
        ...(options.idempotent ? {} : { maxRetryTime: CREATE_RETRY_WINDOW_MS }),
        minTimeout: options.minBackoffMs,
        maxTimeout: options.maxBackoffMs ?? options.minBackoffMs * 16,
        factor: 2,
        randomize: options.jitter ?? false,
        onFailedAttempt: async ({ error, retriesLeft }) => {
          // Never sooner than the provider's Retry-After, when it gives one (bounded).
          const seconds = error instanceof Retry ? error.failure.retryAfter : null;
          if (seconds && seconds > (options.maxRetryAfterSeconds ?? 60)) throw new AbortError(error);
          if (seconds && retriesLeft > 0) await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        },
      },
    );
  } catch (error) {
    if (error instanceof Retry) return error.failure;
    if (error instanceof AbortError && error.originalError instanceof Retry) return error.originalError.failure;
    throw error;
  }
}

/** A failure with the fields a caller does not set filled in. */
export function providerFailure(partial: Partial<ProviderFailure> & Pick<ProviderFailure, "errorCode" | "errorMessage">): ProviderFailure {
  return { ok: false, status: null, taskId: null, data: null, retryAfter: null, httpStatus: 0, ...partial };
}

/** A response's body as JSON, or null when it is empty or not JSON (the caller decides what that means). */
export async function readJsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** What a fetch that threw means: a timeout or no connection, and whether the request may have left. */
export function networkFailureOf(error: unknown, label: string, timeoutMs: number): { networkError: string; reached: boolean } {
  const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
  return {
    networkError: timedOut ? `No answer from ${label} within ${timeoutMs} ms.` : `Could not reach ${label}.`,
    reached: !neverSent(error),
  };
}
