import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db/client";
import { createPostgresDatabase } from "./postgres-database";

export { TEST_DATABASE_URL, createPostgresDatabase } from "./postgres-database";

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

export type TestDatabase = DatabaseHandle & { url?: string };

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
