import "server-only";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { db } from "../db";
import { MIGRATIONS_FOLDER } from "../db/migrate";

// Readiness for a load balancer or an orchestrator: this instance should get traffic only once its
// database answers and carries every migration this build ships (an instance that started while
// another held the migration lock waits; one pointed at an older schema is not ready). Liveness is
// simpler: the process answers at all (app/api/health/live).

const ANSWER_WITHIN_MS = 3000;

export type Readiness = {
  ready: boolean;
  database: "ok" | "unavailable";
  migrations: { applied: number; expected: number } | null;
  reason?: string;
};

let expectedMigrations: number | null = null;
function migrationsInThisBuild(): number {
  if (expectedMigrations === null) {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
    expectedMigrations = journal.entries.length;
  }
  return expectedMigrations;
}

async function appliedMigrations(): Promise<number> {
  // db() migrates on first use; the count is read after, from drizzle's own record.
  const result = await (await db()).execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
  return Number((result as unknown as { rows: { applied: number }[] }).rows[0]?.applied ?? 0);
}

export async function readiness(): Promise<Readiness> {
  const expected = migrationsInThisBuild();
  let timer: NodeJS.Timeout | undefined;
  try {
    const applied = await Promise.race([
      appliedMigrations(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the database did not answer within ${ANSWER_WITHIN_MS / 1000} s`)), ANSWER_WITHIN_MS);
      }),
    ]);
    if (applied < expected) {
      return { ready: false, database: "ok", migrations: { applied, expected }, reason: "Migrations have not all run yet." };
    }
    return { ready: true, database: "ok", migrations: { applied, expected } };
  } catch (error) {
    const reason =
      error instanceof Error && error.message.startsWith("the database did not answer") ? error.message : "the database is unavailable";
    return { ready: false, database: "unavailable", migrations: null, reason: `Not ready: ${reason}.` };
  } finally {
    clearTimeout(timer);
  }
}
