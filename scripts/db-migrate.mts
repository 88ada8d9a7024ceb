// Applies the database migrations and exits (the server also does this at start-up):
//   npm run db:migrate              embedded PGlite under DATA_DIR
//   DATABASE_URL=postgres://... npm run db:migrate
import { databaseTargetFromEnv, openDatabase } from "../lib/server/db/client";
import { env } from "../lib/server/env";

const target = databaseTargetFromEnv(env());
const handle = await openDatabase(target);
await handle.close();
console.log(`Migrations applied (${target.kind}).`);
