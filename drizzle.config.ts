import { defineConfig } from "drizzle-kit";

// Only used by `npm run db:generate` to write SQL migrations from the schema; the app applies them
// itself at start-up (lib/server/db/migrate.ts), on PGlite and on Postgres alike. The sandboxes
// keep their tables in a schema module of their own, migrated with the app's in one folder.
export default defineConfig({
  dialect: "postgresql",
  schema: ["./lib/server/db/schema.ts", "./lib/server/sandbox/schema.ts"],
  out: "./lib/server/db/migrations",
});
