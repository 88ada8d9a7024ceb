import { randomBytes } from "node:crypto";
import pg from "pg";

// A fresh database on the local Postgres, dropped afterwards. Apart from databases.ts (which needs
// Vitest) so that the benches, which run under plain tsx, can use it through the reliability harness.

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

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
