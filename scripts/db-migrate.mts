// Applies the database migrations and exits (the server also does this at start-up):
//   npm run db:migrate              embedded PGlite under DATA_DIR
//   DATABASE_URL=postgres://... npm run db:migrate
import { databaseTargetFromEnv, openDatabase } from "../lib/server/db/client";
import { env } from "../lib/server/env";
import { makeDataDirPrivate } from "../lib/server/storage/private-files";

const config = env();
const target = databaseTargetFromEnv(config);
// The embedded database's files must be as private as the server makes them.
if (target.kind === "pglite") await makeDataDirPrivate(config.dataDir);
const handle = await openDatabase(target);
await handle.close();
console.log(`Migrations applied (${target.kind}).`);
