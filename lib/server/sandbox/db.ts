import "server-only";
import { createHash } from "node:crypto";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

/**
 * The database a sandbox keeps its state in, handed over by the host: any Drizzle Postgres database
 * (PGlite or node-postgres) whose migrations include ./schema.ts. The sandbox only runs query
 * builders over its own tables, so the host's relational schema does not matter to it.
 */
export type SandboxDb = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/** Accounts are kept per API key, by its digest: a new key starts a fresh account, as at the vendor. */
export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** True for a unique-constraint violation, from node-postgres or PGlite, wrapped by Drizzle or not. */
export function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    if (typeof current === "object" && (current as { code?: unknown }).code === "23505") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
