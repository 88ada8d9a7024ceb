import "server-only";
import type { CallGate, CallKind } from "./gate";
import { parseRetryAfter } from "./retry-after";

// Every provider client reports each HTTP attempt to the shared call gate the same way: the status
// (0 when nothing answered), the provider's Retry-After, and the network error. No answer and 5xx
// count towards the circuit breaker; a 429 with Retry-After pauses the provider for every instance
// (capped), unless the call was an optional one (see gate.ts).

/** One attempt as the clients hold it: an answer (JSON or a stream), a network error, or a gate refusal. */
type Attempted = { response: Response } | { stream: Response } | { networkError: string } | { blocked: unknown };

/** Tells the gate, if there is one, how an attempt went. A refusal by the gate itself is not an attempt. */
export async function reportToGate(gate: CallGate | undefined, kind: CallKind, attempt: Attempted): Promise<void> {
  if (!gate || "blocked" in attempt) return;
  const answer = "response" in attempt ? attempt.response : "stream" in attempt ? attempt.stream : null;
  const httpStatus = answer?.status ?? 0;
  await gate.after(kind, {
    transient: httpStatus === 0 || httpStatus >= 500,
    retryAfter: answer ? parseRetryAfter(answer.headers.get("retry-after")) : null,
    httpStatus,
    ...("networkError" in attempt ? { error: attempt.networkError } : {}),
  });
}
