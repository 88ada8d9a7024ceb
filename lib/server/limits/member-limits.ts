import "server-only";
import { env } from "../env";
import type { RateRule } from "./rate-limit";

// Per-member limits on what costs the team: paid creates, and price checks that reach a provider.
// They are abuse guards (a runaway script, a stuck key), set well above what a person at the form
// does; budgets are another matter. Counted per user id over one-minute windows shared by every
// instance (rate_counters).

export const createRateRule = (): RateRule => ({
  bucket: "member-create",
  limit: env().CREATE_RATE_LIMIT,
  windowSeconds: 60,
  what: "New videos per member",
});

export const quoteRateRule = (): RateRule => ({
  bucket: "member-quote",
  limit: env().QUOTE_RATE_LIMIT,
  windowSeconds: 60,
  what: "Price checks per member",
});
