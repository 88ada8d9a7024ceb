import { defineConfig } from "drizzle-kit";

// Only used by `npm run db:generate` to write SQL migrations from the schema; the app applies them
// itself at start-up (lib/server/db/migrate.ts), on PGlite and on Postgres alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/server/db/schema.ts",
  out: "./lib/server/db/migrations",
});
