import "server-only";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { Pool } from "pg";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "lib/server/db/migrations");

// Arbitrary constant shared by every instance: only one of them applies migrations at a time.
const MIGRATION_LOCK_ID = 728_190_001;

export async function migratePgliteDatabase(client: PGlite): Promise<void> {
  await migratePglite(drizzlePglite({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
}

export async function migratePostgresDatabase(pool: Pool): Promise<void> {
  // Several app instances may start together on one Postgres. A session-level advisory lock on one
  // dedicated connection serialises them; the migrator then skips what another instance applied.
  const connection = await pool.connect();
  try {
    await connection.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    try {
      await migratePg(drizzlePg({ client: connection }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await connection.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
    }
  } finally {
    connection.release();
  }
}
