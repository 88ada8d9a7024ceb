import "server-only";
import { isTransient, type ProviderFailure } from "../providers/result";

// What a create that did not succeed means for its task, read from the answer alone, and how long
// Cutroom waits before sending it again. One rule for every provider; how many resends a provider
// gets after an unclear answer is its own (capabilities.createResends, reasoned in its descriptor).
//
// - refused: a definite no (a 4xx, a business error). The task fails with the provider's words.
// - held: surely not made (held back by Cutroom's call budget, a 429, a request that never left
//   this machine). Sent again on the next reconcile cycles, for SUBMIT_GIVE_UP_MS at most.
// - unclear: the provider may have made the task (a 5xx, an answer lost after the request left, a
//   2xx Cutroom could not read). Counted in the task's `submitErrors`; sent again with the same
//   Idempotency-Key at most createResends times, RESEND_DELAYS_MS apart, then SUBMIT_UNCONFIRMED.
//   A 5xx is never worded as a refusal.

/** After this long without being able to send it, a pending task is given up. */
export const SUBMIT_GIVE_UP_MS = 15 * 60 * 1000;

/**
 * The wait before resend 1, 2, 3 after an unclear answer. Tens of seconds, then minutes: a
 * provider's bad minute passes, and the list (where there is one) gets time to show the task.
 */
export const RESEND_DELAYS_MS = [30_000, 2 * 60_000, 8 * 60_000] as const;

/** A Retry-After on a 5xx is honoured when it is longer than the schedule, up to this. */
const MAX_RESEND_DELAY_MS = 15 * 60_000;

export type UnclearCause = "error" | "lost" | "unreadable";

export type CreateFailure = { kind: "refused" } | { kind: "held" } | { kind: "unclear"; cause: UnclearCause };

export function classifyCreateFailure(failure: ProviderFailure): CreateFailure {
  if (failure.blocked) return { kind: "held" };
  // Before `maybeCreated`: a provider's 5xx is an error answer whatever the client flagged.
  if (failure.httpStatus >= 500) return { kind: "unclear", cause: "error" };
  if (failure.maybeCreated) return { kind: "unclear", cause: failure.errorCode === "NETWORK_ERROR" ? "lost" : "unreadable" };
  if (isTransient(failure)) return { kind: "held" };
  return { kind: "refused" };
}

/** When resend `resend` (1 for the first) may go. */
export function resendAt(resend: number, retryAfterSeconds: number | null, now: Date): Date {
  const scheduled = RESEND_DELAYS_MS[Math.min(resend, RESEND_DELAYS_MS.length) - 1]!;
  const asked = Math.min((retryAfterSeconds ?? 0) * 1000, MAX_RESEND_DELAY_MS);
  return new Date(now.getTime() + Math.max(scheduled, asked));
}

/**
 * The task's error message when it ends unconfirmed: what happened, and that nobody knows whether
 * the task exists. No promise about charges or refunds: the provider's dashboard is the only word.
 */
export const UNCONFIRMED_MESSAGES: Record<UnclearCause | "earlier", string> = {
  error: "The provider answered with an error; Cutroom could not confirm whether the task exists.",
  lost: "The provider's answer was lost; Cutroom could not confirm whether the task exists.",
  unreadable: "The provider's answer could not be read; Cutroom could not confirm whether the task exists.",
  earlier: "An earlier attempt got no clear answer from the provider; Cutroom could not confirm whether the task exists.",
};

/** One unclear answer in words, for the timeline ("answered HTTP 500"). */
export function unclearAnswerText(failure: ProviderFailure, cause: UnclearCause): string {
  if (cause === "error") return `answered with an error (HTTP ${failure.httpStatus})`;
  if (cause === "lost") return "gave no answer (the connection was lost or timed out)";
  return "answered with something Cutroom could not read";
}

/** A wait in words: "30 s", "2 min". */
export function waitText(ms: number): string {
  return ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}
