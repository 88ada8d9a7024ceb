import "server-only";
import { and, count, eq, lt, min, sql } from "drizzle-orm";
import type { Db } from "../db";
import { providerCalls, providerState } from "../db/schema";
import { logger } from "../logger";
import { blockedFailure, type ProviderFailure } from "./result";
import { metrics } from "../metrics/registry";
import type { ProviderHealth } from "@/lib/shared/providers";

export type { ProviderHealth };

// What every instance consults before calling a provider, kept in the database so all instances
// share it: a budget of query calls that holds in any 60-second window, a pause until a time the
// provider named in Retry-After (never longer than a cap), and a circuit breaker that stops calls
// after repeated failures. Optional calls (price checks, balances) obey the pause and the breaker
// but never set them: one member's burst of those must not stop the provider for everyone.

/**
 * query: a task read (spends the budget); create: a new task (its failures are also counted apart,
 * for health); command: a cancel and the like; optional: nothing waits on it.
 */
export type CallKind = "query" | "create" | "command" | "optional";
export type CallOutcome = { transient: boolean; retryAfter: number | null; httpStatus: number; error?: string };

export type GateConfig = {
  provider: string;
  label: string;
  queryBudgetPerMinute: number;
  breakerFailures: number;
  breakerSeconds: number;
  /** The longest pause a Retry-After sets (PROVIDER_PAUSE_MAX_SECONDS). */
  pauseMaxSeconds: number;
};

export type CallGate = {
  before(kind: CallKind): Promise<ProviderFailure | null>;
  after(kind: CallKind, outcome: CallOutcome): Promise<void>;
};

const WINDOW_SECONDS = 60;
/**
 * A call is counted when Cutroom decides to make it; the provider counts it when it arrives, a
 * moment later. Counting over a slightly longer window keeps every 60 seconds at the provider's
 * end within the budget (the in-flight scale bench once saw 61 there).
 */
const GATE_WINDOW_SECONDS = WINDOW_SECONDS + 2;
const secondsUntil = (date: Date | null) => (date ? Math.max(1, Math.ceil((date.getTime() - Date.now()) / 1000)) : 0);

export function createCallGate(db: () => Promise<Db>, config: GateConfig): CallGate {
  const log = logger().child({ provider: config.provider });

  return {
    async before(kind) {
      const database = await db();
      const blocked = await database.transaction(async (tx) => {
        await tx.insert(providerState).values({ provider: config.provider }).onConflictDoNothing();
        // The row lock serialises instances, so two of them cannot both take the last slot.
        const [state] = await tx.select().from(providerState).where(eq(providerState.provider, config.provider)).for("update");
        const now = new Date();
        if (state?.breakerOpenUntil && state.breakerOpenUntil > now) {
          return blockedFailure(
            "breaker",
            `${config.label} failed repeatedly; Cutroom paused calls to it for a while.`,
            secondsUntil(state.breakerOpenUntil),
          );
        }
        if (state?.pausedUntil && state.pausedUntil > now) {
          return blockedFailure("paused", `${config.label} asked Cutroom to wait before calling again.`, secondsUntil(state.pausedUntil));
        }
        if (kind !== "query") return null;
        const [window] = await tx
          .select({ used: count(), oldest: min(providerCalls.at) })
          .from(providerCalls)
          .where(
            and(
              eq(providerCalls.provider, config.provider),
              sql`${providerCalls.at} > clock_timestamp() - make_interval(secs => ${GATE_WINDOW_SECONDS})`,
            ),
          );
        if ((window?.used ?? 0) >= config.queryBudgetPerMinute) {
          const frees = window?.oldest ? new Date(new Date(window.oldest).getTime() + GATE_WINDOW_SECONDS * 1000) : null;
          return blockedFailure(
            "budget",
            `Cutroom's budget of ${config.queryBudgetPerMinute} ${config.label} queries a minute is used up.`,
            secondsUntil(frees),
          );
        }
        await tx.insert(providerCalls).values({ provider: config.provider, at: sql`clock_timestamp()` });
        return null;
      });
      if (blocked?.blocked) metrics().providerCallsBlocked.inc({ provider: config.provider, reason: blocked.blocked });
      return blocked;
    },

    async after(kind, outcome) {
      metrics().providerCalls.inc({ provider: config.provider, kind, outcome: callOutcomeLabel(outcome) });
      // Its caller sees the answer (a 429 fails that one price check); the shared state is left to
      // the calls the team's work depends on.
      if (kind === "optional") return;
      const database = await db();
      if (kind === "create") await countCreate(database, config.provider, outcome);
      if (outcome.retryAfter !== null && outcome.httpStatus === 429) {
        const seconds = Math.min(outcome.retryAfter, config.pauseMaxSeconds);
        await database
          .update(providerState)
          .set({
            // Never shortens a pause another call set, and never leaves one longer than the cap.
            pausedUntil: sql`least(greatest(coalesce(${providerState.pausedUntil}, now()), now() + make_interval(secs => ${seconds})), now() + make_interval(secs => ${config.pauseMaxSeconds}))`,
          })
          .where(eq(providerState.provider, config.provider));
        log.warn({ event: "provider_paused", retryAfter: outcome.retryAfter, seconds }, "provider asked us to wait");
        return;
      }
      if (!outcome.transient) {
        await database
          .update(providerState)
          .set({ consecutiveFailures: 0, breakerOpenUntil: null, lastSuccessAt: new Date() })
          .where(
            and(
              eq(providerState.provider, config.provider),
              sql`(${providerState.consecutiveFailures} > 0 or ${providerState.breakerOpenUntil} is not null or ${providerState.lastSuccessAt} is null or ${providerState.lastSuccessAt} < now() - interval '10 seconds')`,
            ),
          );
        return;
      }
      const [state] = await database
        .update(providerState)
        .set({
          consecutiveFailures: sql`${providerState.consecutiveFailures} + 1`,
          lastError: outcome.error ?? `HTTP ${outcome.httpStatus}`,
          lastFailureAt: new Date(),
          breakerOpenUntil: sql`case when ${providerState.consecutiveFailures} + 1 >= ${config.breakerFailures} then now() + make_interval(secs => ${config.breakerSeconds}) else ${providerState.breakerOpenUntil} end`,
        })
        .where(eq(providerState.provider, config.provider))
        .returning({ failures: providerState.consecutiveFailures });
      if (state && state.failures === config.breakerFailures) {
        log.error({ event: "provider_breaker_open", failures: state.failures, seconds: config.breakerSeconds }, "circuit breaker opened");
      }
    },
  };
}

/** How a call ended, as a metric's label: a bounded set, never the provider's own words. */
function callOutcomeLabel(outcome: CallOutcome): "ok" | "rate_limited" | "transient" | "refused" {
  if (outcome.httpStatus === 429) return "rate_limited";
  if (outcome.transient) return "transient";
  return outcome.httpStatus >= 400 ? "refused" : "ok";
}

/**
 * Creates that failed in a row (no answer, 5xx), apart from every other call: while status reads
 * still work, the breaker stays shut, but a provider that fails every create is not healthy.
 */
async function countCreate(db: Db, provider: string, outcome: CallOutcome): Promise<void> {
  if (outcome.httpStatus === 429) return;
  if (!outcome.transient) {
    await db
      .update(providerState)
      .set({ createFailures: 0 })
      .where(and(eq(providerState.provider, provider), sql`${providerState.createFailures} > 0`));
    return;
  }
  await db
    .update(providerState)
    .set({
      createFailures: sql`${providerState.createFailures} + 1`,
      lastCreateFailureAt: new Date(),
      lastCreateError: outcome.error ?? `HTTP ${outcome.httpStatus}`,
    })
    .where(eq(providerState.provider, provider));
}

/** Creates failing in a row this many times, the last within CREATE_FAILURE_WINDOW_MS, make a provider "failing". */
export const FAILING_CREATES = 3;
const CREATE_FAILURE_WINDOW_MS = 10 * 60_000;

/** Drops call records older than the window; run now and then. */
export async function pruneProviderCalls(db: Db): Promise<void> {
  await db.delete(providerCalls).where(lt(providerCalls.at, sql`now() - interval '5 minutes'`));
}

export async function providerHealth(db: Db, provider: string): Promise<ProviderHealth> {
  const [state] = await db.select().from(providerState).where(eq(providerState.provider, provider));
  const [window] = await db
    .select({ used: count() })
    .from(providerCalls)
    .where(and(eq(providerCalls.provider, provider), sql`${providerCalls.at} > clock_timestamp() - interval '60 seconds'`));
  const now = new Date();
  const breaker = state?.breakerOpenUntil && state.breakerOpenUntil > now ? state.breakerOpenUntil : null;
  const paused = state?.pausedUntil && state.pausedUntil > now ? state.pausedUntil : null;
  const creates =
    state &&
    state.createFailures >= FAILING_CREATES &&
    state.lastCreateFailureAt &&
    now.getTime() - state.lastCreateFailureAt.getTime() < CREATE_FAILURE_WINDOW_MS
      ? { count: state.createFailures, lastError: state.lastCreateError, lastAt: state.lastCreateFailureAt.toISOString() }
      : null;
  return {
    status: breaker ? "degraded" : creates ? "failing" : paused ? "paused" : "ok",
    failingCreates: creates,
    breakerOpenUntil: breaker?.toISOString() ?? null,
    pausedUntil: paused?.toISOString() ?? null,
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    lastError: state?.lastError ?? null,
    queryCallsLastMinute: window?.used ?? 0,
  };
}
