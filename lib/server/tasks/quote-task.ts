import "server-only";
import type { Db } from "../db";
import { env } from "../env";
import { AppError, validationFailed } from "../errors";
import { quoteRateRule } from "../limits/member-limits";
import { takeRateSlot } from "../limits/rate-limit";
import type { SessionUser } from "../auth/session";
import type { CreateTaskBody, QuoteView } from "@/lib/shared/tasks-api";
import { quoteLoader, validateRequest } from "./create-task";
import { planHold, spendViewOf } from "../budgets/hold";
import { loadQuote, quoteKeyOf } from "./quote-cache";

// A price check is the one provider call anyone at the form makes without meaning to pay, so it is
// the one a single member can send by the hundred. Identical checks share one call (quote-cache),
// each member has a budget of the rest (QUOTE_RATE_LIMIT), and a provider that is pacing Cutroom
// fails only this check, with when to try again: quotes never pause the provider (gate.ts).

/** When the provider gave no Retry-After with its 429. */
const BUSY_SECONDS_WITHOUT_HINT = 10;

/** Asks the provider what a request would cost, without creating anything. */
export async function quoteTask(db: Db, user: SessionUser, body: CreateTaskBody): Promise<QuoteView> {
  const request = await validateRequest(db, user, body);
  const { provider } = request;
  const load = quoteLoader(db, request);
  const result = await loadQuote(provider, quoteKeyOf(request.model.id, request.input), user.id, async () => {
    await takeRateSlot(db, quoteRateRule(), user.id);
    return load();
  });
  if (result.ok) {
    // The hold reads the answer just cached: no second provider call.
    const hold = await planHold(db, user, request, load);
    return { ...result.data, sandbox: provider.sandbox, spend: await spendViewOf(db, user, request, hold, body.variants ?? 1) };
  }
  if (result.errorCode === "INVALID_PAYLOAD" || result.errorCode === "INVALID_MODEL") {
    throw validationFailed(result.fieldHints ?? { _form: result.errorMessage }, result.errorMessage);
  }
  if (result.errorCode === "RATE_LIMITED") {
    const seconds = Math.max(1, Math.min(result.retryAfter ?? BUSY_SECONDS_WITHOUT_HINT, env().PROVIDER_PAUSE_MAX_SECONDS));
    throw new AppError("RATE_LIMITED", `${provider.label} is busy right now and could not price this. Try again in ${seconds} s.`, {
      details: { providerError: result.errorCode, limit: "provider" },
      retryAfterSeconds: seconds,
    });
  }
  throw new AppError("PROVIDER_UNAVAILABLE", `${provider.label} could not price this request: ${result.errorMessage}`, {
    details: { providerError: result.errorCode },
    retryAfterSeconds: result.retryAfter ?? undefined,
  });
}
