import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../db";
import { AppError } from "../errors";
import { findDescriptor } from "../providers/registry";
import type { SessionUser } from "../auth/session";
import type { ValidRequest } from "../tasks/create-task";
import { loadQuote, quoteKeyOf } from "../tasks/quote-cache";
import { expectedCostText, limitsLeftText, refusalText, type ExpectedCost, type LimitStanding, type SpendView } from "@/lib/shared/budgets";
import { estimatedCost, priceKeyOf } from "./expected-cost";
import { limitsFor, type AppliedLimits } from "./limits";
import { allowances, firstPassed, limitStandings, type SpendScope } from "./standing";
import type { ProviderResult } from "../providers/result";
import type { Quote } from "../providers/types";

// The hold a create places: its expected cost, checked against every limit that applies and written
// with the task in one transaction. A lock per provider makes the check and the insert one step for
// every instance: of 50 creates sent at once against a limit that fits 7, exactly 7 are written.

export type PlannedHold = { expected: ExpectedCost; priceKey: string; limits: AppliedLimits };

/** Quotes where the provider does (shared with the form's identical price check), else estimates. */
export async function planHold(
  db: Db,
  user: SessionUser,
  request: ValidRequest,
  load: () => Promise<ProviderResult<Quote>>,
): Promise<PlannedHold> {
  const { model, provider } = request;
  const priceKey = priceKeyOf(model, request.input);
  const limits = await limitsFor(db, model.provider, user.id, model.id);
  if (provider.capabilities.quote) {
    const quote = await loadQuote(provider, quoteKeyOf(model.id, request.input), user.id, load).catch(() => null);
    if (quote?.ok && quote.data.credits !== null) return { expected: { credits: quote.data.credits, basis: "quote" }, priceKey, limits };
  }
  const expected = await estimatedCost(db, { model, sandbox: provider.sandbox, priceKey }, limits.team.defaultHold);
  return { expected, priceKey, limits };
}

function lockKeyOf(provider: string): number {
  return createHash("sha256").update(`cutroom-budget:${provider}`).digest().readInt32BE(0);
}

export function budgetExceeded(standing: LimitStanding, needed: number, provider: string): AppError {
  return new AppError("BUDGET_EXCEEDED", refusalText(standing, needed), {
    details: {
      limit: standing.kind,
      provider,
      limitCredits: standing.limit,
      usedCredits: standing.used,
      leftCredits: Math.max(0, standing.left),
      neededCredits: needed,
      resetsAt: standing.resetsAt,
    },
  });
}

/**
 * Runs `insert` (the task rows with their holds, in a transaction it is given) only if `count`
 * holds fit every limit (variants are all made or none), under the provider's lock so concurrent
 * creates are counted one after another, and returns the limits as they stand with these holds
 * (for alerts). Without limits there is nothing to count and no lock is taken. A refusal carries
 * the standings too (`refusalOf`).
 */
export async function insertWithinLimits(
  db: Db,
  scope: SpendScope,
  hold: PlannedHold,
  insert: (tx: Db) => Promise<void>,
  count = 1,
  now = new Date(),
): Promise<LimitStanding[]> {
  if (allowances(hold.limits).length === 0) {
    await db.transaction((tx) => insert(tx));
    return [];
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockKeyOf(scope.provider)})`);
    const standings = await limitStandings(tx, scope, hold.limits, now);
    const needed = hold.expected.credits * count;
    const passed = firstPassed(standings, needed);
    if (passed) {
      const refusal = budgetExceeded(passed, needed, scope.provider);
      refusals.set(refusal, { standings, passed });
      throw refusal;
    }
    await insert(tx);
    return standings.map((standing) => ({ ...standing, used: standing.used + needed, left: standing.left - needed }));
  });
}

const refusals = new WeakMap<AppError, { standings: LimitStanding[]; passed: LimitStanding }>();

/** The limits as they stood when a create was refused with this error, for its alert. */
export function refusalOf(error: unknown): { standings: LimitStanding[]; passed: LimitStanding } | undefined {
  return error instanceof AppError ? refusals.get(error) : undefined;
}

/**
 * What the form shows before a submit: the expected cost, the limits, and a refusal if it would be
 * refused (for `count` variants, all of them).
 */
export async function spendViewOf(
  db: Db,
  user: SessionUser,
  request: ValidRequest,
  hold: PlannedHold,
  count = 1,
  now = new Date(),
): Promise<SpendView> {
  const provider = request.model.provider;
  const scope = { provider, sandbox: request.provider.sandbox, userId: user.id, model: request.model.id };
  const standings = await limitStandings(db, scope, hold.limits, now);
  const needed = hold.expected.credits * count;
  const passed = firstPassed(standings, needed);
  return {
    provider,
    expected: hold.expected,
    limits: standings,
    creditValueUsd: findDescriptor(provider)?.creditValueUsd ?? null,
    refusal: passed ? refusalText(passed, needed, now) : null,
    expectedText: expectedCostText(hold.expected),
    limitsText: limitsLeftText(standings),
  };
}
