import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db/client";

// Integration tests run against both engines Cutroom supports: embedded PGlite and the local
// Postgres. Each test file gets its own fresh database, migrated by the app's own code.

export const DB_KINDS = ["pglite", "postgres"] as const;
export type DbKind = (typeof DB_KINDS)[number];

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by the `pglite` and `postgres` projects in vitest.config.mts. */
    databaseKind: DbKind;
  }
}

/**
 * The engine a `*.db.test.ts` file runs on: each database project runs every such file once, on
 * its own engine, so one file covers both and `--project pglite` runs a single engine. A test
 * about one engine only (Postgres query plans, PGlite's files on disk) is not a database suite: it
 * names its engine itself and is an ordinary `*.test.ts` in the integration project.
 */
export function testDatabaseKind(): DbKind {
  const kind = inject("databaseKind");
  if (!DB_KINDS.includes(kind)) {
    throw new Error("Database suites run in the pglite or postgres Vitest project, e.g. npx vitest run --project pglite");
  }
  return kind;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type TestDatabase = DatabaseHandle & { url?: string };

export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cutroom_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      // pg's pool.end() returns before its sockets have closed; a forced drop that ran into one
      // would fail that connection loudly. Give them a moment to go, then force the rest.
      for (let waited = 0; waited < 3000; waited += 100) {
        const { rows } = await client.query<{ open: number }>("select count(*)::int as open from pg_stat_activity where datname = $1", [
          name,
        ]);
        if (rows[0]!.open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === "pglite") return openDatabase({ kind: "pglite" });
  const { url, drop } = await createPostgresDatabase();
  const handle = await openDatabase({ kind: "postgres", url });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}
