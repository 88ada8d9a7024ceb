import "server-only";
import { and, asc, desc, eq, gt, gte, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../db";
import { providerBalances, tasks } from "../db/schema";
import { accountOf } from "../providers/account";
import { isSandboxed } from "../providers/registry";
import type { VideoProvider } from "../providers/types";
import { PROVIDER_LABELS, type ProviderId } from "@/lib/shared/catalog";
import type { ReconciliationView } from "@/lib/shared/usage";

// The provider's balance over time against Cutroom's ledger. Every few minutes the reconciler
// notes the balance the provider's account reports; over the last day, what left the balance is
// compared with what Cutroom's tasks were charged (less refunds) between the same two readings. A
// difference beyond a small tolerance is flagged: spend made with the same key outside Cutroom (it
// left the balance, no task of ours accounts for it), or charges Cutroom counted that the balance
// does not show (a top-up in between reads the same way, and says so). Charges are placed at the
// time the provider accepted the task; a refund that lands after the later reading shows as a
// small difference until the next one.

export const BALANCE_READ_EVERY_MS = 5 * 60_000;
const WINDOW_MS = 24 * 3600_000;
const KEEP_MS = 30 * 24 * 3600_000;
/** Credits of difference taken as rounding and timing, not as a finding. */
export const RECONCILE_TOLERANCE = 2;

/** Notes the provider's balance, at most every BALANCE_READ_EVERY_MS; true when it wrote one. */
export async function recordBalance(db: Db, provider: VideoProvider, now = new Date()): Promise<boolean> {
  const [latest] = await db
    .select({ at: providerBalances.at })
    .from(providerBalances)
    .where(and(eq(providerBalances.provider, provider.id), eq(providerBalances.sandbox, provider.sandbox)))
    .orderBy(desc(providerBalances.at))
    .limit(1);
  if (latest && now.getTime() - latest.at.getTime() < BALANCE_READ_EVERY_MS) return false;
  const account = await accountOf(provider);
  if ("error" in account || account.balance === null) return false;
  await db
    .insert(providerBalances)
    .values({ provider: provider.id, sandbox: provider.sandbox, at: now, balance: Math.round(account.balance) });
  await db.delete(providerBalances).where(lt(providerBalances.at, new Date(now.getTime() - KEEP_MS)));
  return true;
}

/** What Cutroom's tasks of this provider were charged, less refunds, between two moments. */
async function ledgerBetween(db: Db, provider: ProviderId, sandbox: boolean, since: Date, until: Date): Promise<number> {
  const accepted = sql`coalesce(${tasks.queuedAt}, ${tasks.createdAt})`;
  const [row] = await db
    .select({ credits: sql<number>`coalesce(sum(greatest(${tasks.creditsCharged} - coalesce(${tasks.creditsRefunded}, 0), 0)), 0)::int` })
    .from(tasks)
    .where(
      and(
        eq(tasks.provider, provider),
        eq(tasks.sandbox, sandbox),
        isNotNull(tasks.creditsCharged),
        gt(accepted, since),
        lte(accepted, until),
        // Bounds the scan with the created_at index: a task is accepted after it is created.
        gte(tasks.createdAt, new Date(since.getTime() - WINDOW_MS)),
      ),
    );
  return row?.credits ?? 0;
}

export async function reconcileBalance(db: Db, provider: ProviderId, now = new Date()): Promise<ReconciliationView> {
  const sandbox = isSandboxed(provider);
  const label = PROVIDER_LABELS[provider];
  const scope = and(
    eq(providerBalances.provider, provider),
    eq(providerBalances.sandbox, sandbox),
    gte(providerBalances.at, new Date(now.getTime() - WINDOW_MS)),
  );
  const [first] = await db.select().from(providerBalances).where(scope).orderBy(asc(providerBalances.at)).limit(1);
  const [last] = await db.select().from(providerBalances).where(scope).orderBy(desc(providerBalances.at)).limit(1);
  if (!first || !last || first.id === last.id) {
    return {
      provider,
      label,
      since: first?.at.toISOString() ?? null,
      until: null,
      balanceDrop: null,
      ledgerSpend: null,
      difference: null,
      status: "no-data",
      message: `Not enough balance readings yet: Cutroom notes ${label}'s balance every ${BALANCE_READ_EVERY_MS / 60_000} minutes and compares the last day.`,
    };
  }
  const balanceDrop = first.balance - last.balance;
  const ledgerSpend = await ledgerBetween(db, provider, sandbox, first.at, last.at);
  const difference = balanceDrop - ledgerSpend;
  const base = { provider, label, since: first.at.toISOString(), until: last.at.toISOString(), balanceDrop, ledgerSpend, difference };
  if (Math.abs(difference) <= RECONCILE_TOLERANCE) {
    return {
      ...base,
      status: "ok",
      message: `The balance moved as Cutroom's tasks explain (${ledgerSpend.toLocaleString("en-US")} credits).`,
    };
  }
  return {
    ...base,
    status: "mismatch",
    message:
      difference > 0
        ? `${difference.toLocaleString("en-US")} credits left the ${label} balance that no Cutroom task accounts for: spend with the same key outside Cutroom, or charges Cutroom did not see.`
        : `The ${label} balance fell ${Math.abs(difference).toLocaleString("en-US")} credits less than Cutroom's tasks were charged: a top-up in between, or refunds Cutroom did not see.`,
  };
}

export async function reconciliationViews(db: Db, providers: ProviderId[], now = new Date()): Promise<ReconciliationView[]> {
  return Promise.all(providers.map((provider) => reconcileBalance(db, provider, now)));
}
