// GET /api/health - the database answers; each provider live or sandbox, and degraded when its breaker is open
import { sql } from "drizzle-orm";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { providerHealth, type ProviderHealth } from "@/lib/server/providers/gate";
import { PROVIDERS, isSandboxed } from "@/lib/server/providers/registry";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  let database: "ok" | "unavailable" = "ok";
  try {
    await (await db()).execute(sql`select 1`);
  } catch {
    database = "unavailable";
  }
  const providers: Record<string, { mode: "sandbox" | "live" } & Partial<ProviderHealth>> = {};
  for (const { id } of PROVIDERS) {
    providers[id] = { mode: isSandboxed(id) ? "sandbox" : "live" };
    if (database === "ok") Object.assign(providers[id], await providerHealth(await db(), id).catch(() => ({})));
  }
  const degraded =
    database !== "ok" || Object.values(providers).some((provider) => provider.status === "degraded" || provider.status === "failing");
  return json({ status: degraded ? "degraded" : "ok", database, providers }, { status: database === "ok" ? 200 : 503 });
});
