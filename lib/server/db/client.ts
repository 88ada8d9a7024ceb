import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { logger } from "../logger";
import { ensurePrivateDirSync } from "../storage/private-files";
import * as schema from "./schema";
import { migratePgliteDatabase, migratePostgresDatabase } from "./migrate";
import { startThreadedPglite, type ThreadedPglite } from "./pglite-thread";

// The app talks to one Drizzle type whatever the driver: embedded PGlite by default, a real
// Postgres when DATABASE_URL is set. Both speak the same SQL dialect and share one schema.
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** How the job engine (pg-boss) reaches the same database: its own pool, or PGlite's one client. */
export type JobDatabase =
  { kind: "postgres"; url: string } | { kind: "pglite"; executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }> };

export type DatabaseHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  jobs: JobDatabase;
  /**
   * Runs `work` only if no other process (or call) holds the lock `key`, and returns whether it ran.
   * On Postgres it is a session advisory lock on a connection of its own, so a process that dies
   * releases it at once; on PGlite (one process) an in-process flag does the same job.
   */
  exclusively: (key: number, work: () => Promise<void>) => Promise<boolean>;
  close: () => Promise<void>;
};

function processLocks() {
  const held = new Set<number>();
  return async (key: number, work: () => Promise<void>) => {
    if (held.has(key)) return false;
    held.add(key);
    try {
      await work();
      return true;
    } finally {
      held.delete(key);
    }
  };
}

function advisoryLocks(pool: Pool) {
  return async (key: number, work: () => Promise<void>) => {
    const connection = await pool.connect();
    try {
      const { rows } = await connection.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [key]);
      if (!rows[0]?.locked) return false;
      try {
        await work();
        return true;
      } finally {
        await connection.query("select pg_advisory_unlock($1)", [key]);
      }
    } finally {
      connection.release();
    }
  };
}

/**
 * pg-boss on PGlite: parameterised statements go through `query`; multi-statement text (its
 * migrations and locked maintenance commands, which carry no parameters) goes through `exec`.
 */
function pgliteExecuteSql(client: ThreadedPglite) {
  return async (text: string, values?: unknown[]) => {
    if (values && values.length > 0) {
      const result = await client.query(text, values as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    const results = await client.exec(text);
    const last = results.at(-1);
    return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
  };
}

export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir?: string; sharedBuffers?: string };

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === "postgres") {
    const pool = new Pool({ connectionString: target.url, max: 10 });
    // An idle connection the server drops (a restart, a failover) must not crash the process; the
    // pool opens a new one on the next query.
    pool.on("error", (error) => logger().warn({ event: "db_connection_lost", err: error }, "an idle database connection was closed"));
    try {
      await migratePostgresDatabase(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return { db, kind: "postgres", jobs: { kind: "postgres", url: target.url }, exclusively: advisoryLocks(pool), close: () => pool.end() };
  }
  if (target.dataDir) ensurePrivateDirSync(target.dataDir);
  // Without a dataDir PGlite keeps everything in memory (tests use that). It runs in a thread of its
  // own (pglite-thread.ts); Drizzle only calls query and transaction, which the facade provides.
  const open = () => startThreadedPglite(target.dataDir, { sharedBuffers: target.sharedBuffers });
  const migrated = async () => {
    const opened = await open();
    try {
      await migratePgliteDatabase(opened as unknown as PGlite);
      return opened;
    } catch (error) {
      await opened.close();
      throw error;
    }
  };
  // A new install's initdb and first migrations leave hundreds of megabytes of WebAssembly memory
  // resident in their thread for good (docs/BENCHMARKS.md, "Server memory"): that thread is closed
  // once the database exists, and a fresh one opens it as every later start does.
  const isNew = Boolean(target.dataDir) && !fs.existsSync(path.join(target.dataDir!, "PG_VERSION"));
  let client = await migrated();
  if (isNew) {
    await client.close();
    client = await open();
  }
  const asPglite = client as unknown as PGlite;
  const db = drizzlePglite({ client: asPglite, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    jobs: { kind: "pglite", executeSql: pgliteExecuteSql(client) },
    exclusively: processLocks(),
    close: () => client.close(),
  };
}

// One handle per process. Kept on globalThis because Next.js may load this module more than once
// (instrumentation and route bundles); two PGlite instances on one directory would corrupt it.
const globalForDb = globalThis as unknown as { cutroomDb?: Promise<DatabaseHandle> };

export function databaseTargetFromEnv(config: { DATABASE_URL?: string; dataDir: string; PGLITE_SHARED_BUFFERS?: string }): DatabaseTarget {
  return config.DATABASE_URL
    ? { kind: "postgres", url: config.DATABASE_URL }
    : { kind: "pglite", dataDir: path.join(config.dataDir, "pglite"), sharedBuffers: config.PGLITE_SHARED_BUFFERS };
}

export function getDatabase(target: () => DatabaseTarget): Promise<DatabaseHandle> {
  if (!globalForDb.cutroomDb) {
    globalForDb.cutroomDb = openDatabase(target()).catch((error: unknown) => {
      globalForDb.cutroomDb = undefined;
      throw error;
    });
  }
  return globalForDb.cutroomDb;
}

export async function closeDatabase(): Promise<void> {
  const pending = globalForDb.cutroomDb;
  globalForDb.cutroomDb = undefined;
  if (pending) await (await pending).close();
}
