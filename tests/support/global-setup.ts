import pg from "pg";

// Fails the run early, with a clear message, when the Postgres the integration tests need is absent.
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    throw new Error(`The integration tests need PostgreSQL at ${url} (set TEST_DATABASE_URL to change it): ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
