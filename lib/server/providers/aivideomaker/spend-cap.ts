import "server-only";
import type { ProviderFailure } from "../result";

// The words and shapes of AIVideoMaker's spending cap (X-Max-Credits, docs/provider-contracts.md
// §1.1). The cap is what Cutroom will pay for one task: the vendor's own quote just before the
// create, lowered by the caller's limit (a member's remaining budget) when one is given. Whether
// the vendor enforces it is unconfirmed (U4), so Cutroom also checks the quote against the caller's
// limit before sending, and the charge against the cap after.

/** The cap to send: the lower of the quote and the caller's limit; null when neither is known. */
export function capOf(quoted: number | null, limit: number | undefined): number | null {
  const known = [quoted, limit].filter((value): value is number => typeof value === "number" && Number.isFinite(value));
  return known.length > 0 ? Math.max(0, Math.floor(Math.min(...known))) : null;
}

const budgetFailure = (errorMessage: string, httpStatus: number, taskId: string | null = null): ProviderFailure => ({
  ok: false,
  status: null,
  taskId,
  data: null,
  errorCode: "BUDGET_EXCEEDED",
  errorMessage,
  retryAfter: null,
  httpStatus,
});

/** The quote is above the caller's limit: the create is not sent at all. */
export const quoteOverLimit = (quoted: number, limit: number): ProviderFailure =>
  budgetFailure(`Not sent: AIVideoMaker's price (${quoted} credits) is above the cap Cutroom set (${limit}).`, 0);

/**
 * The price the vendor's BUDGET_EXCEEDED names, if it names one above the cap. Its body is
 * unpublished (U27): a numeric `credits`/`quote`/`required` field is read first, then a number in
 * the message larger than the cap ("Quoted 110 credits exceeds X-Max-Credits 50").
 */
function refusedPrice(body: unknown, message: string, cap: number): number | null {
  const fields = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  for (const name of ["credits", "quote", "required"]) {
    const value = fields[name];
    if (typeof value === "number" && Number.isFinite(value) && value > cap) return value;
  }
  const numbers = (message.match(/\d+(?:\.\d+)?/g) ?? []).map(Number).filter((value) => value > cap);
  return numbers.length > 0 ? Math.max(...numbers) : null;
}

/** The vendor's 422 BUDGET_EXCEEDED, in Cutroom's words. */
export function refusedOverCap(failure: ProviderFailure, quoted: number | null, cap: number): ProviderFailure {
  const price = refusedPrice(failure.data, failure.errorMessage, cap) ?? (quoted !== null && quoted > cap ? quoted : null);
  const refused =
    price !== null
      ? `AIVideoMaker refused: the price (${price} credits) is above the cap Cutroom set (${cap}).`
      : `AIVideoMaker refused: the price is above the cap Cutroom set (${cap} credits).`;
  // The cap was the quote: the price rose between the two calls.
  const rose = quoted !== null && quoted <= cap ? ` It was ${quoted} credits when Cutroom asked a moment before.` : "";
  return { ...failure, errorMessage: refused + rose, fieldHints: undefined };
}

/** The vendor charged above the cap it was sent and Cutroom cancelled the task there (refunded). */
export const chargedOverCap = (charged: number, cap: number, taskId: string, httpStatus: number): ProviderFailure =>
  budgetFailure(
    `AIVideoMaker charged ${charged} credits, above the cap Cutroom set (${cap}), instead of refusing; Cutroom cancelled the task there and the credits were refunded.`,
    httpStatus,
    taskId,
  );
