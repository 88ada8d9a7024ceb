// GET /api/health - the database answers; each provider live or sandbox, and degraded when its breaker is open
import { sql } from "drizzle-orm";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { providerHealth, type ProviderHealth } from "@/lib/server/providers/gate";
import { PROVIDERS, isSandboxed } from "@/lib/server/providers/registry";
import { reconcileBalance } from "@/lib/server/budgets/reconciliation";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  let database: "ok" | "unavailable" = "ok";
  try {
    await (await db()).execute(sql`select 1`);
  } catch {
    database = "unavailable";
  }
  const providers: Record<string, { mode: "sandbox" | "live"; ledger?: string } & Partial<ProviderHealth>> = {};
  for (const { id } of PROVIDERS) {
    providers[id] = { mode: isSandboxed(id) ? "sandbox" : "live" };
    if (database !== "ok") continue;
    Object.assign(providers[id], await providerHealth(await db(), id).catch(() => ({})));
    // The balance against Cutroom's own ledger: "mismatch" is spend outside Cutroom with this key (or
    // charges Cutroom did not see). Only the word: health needs no session, the amounts are on Usage.
    const ledger = await reconcileBalance(await db(), id).catch(() => null);
    if (ledger) providers[id].ledger = ledger.status;
  }
  const degraded =
    database !== "ok" || Object.values(providers).some((provider) => provider.status === "degraded" || provider.status === "failing");
  return json({ status: degraded ? "degraded" : "ok", database, providers }, { status: database === "ok" ? 200 : 503 });
});
