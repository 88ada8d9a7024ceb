// Background work in its own process, from the same code as the server: the reconciler, webhook
// processing and archiving. Run it beside app instances started with BACKGROUND_WORK=off.
// It needs DATABASE_URL: the embedded PGlite database belongs to one process only.
import { boot } from "../lib/server/boot";
import { env } from "../lib/server/env";

if (!env().DATABASE_URL) {
  console.error("npm run worker needs DATABASE_URL: the embedded database under DATA_DIR can only be opened by one process (the server).");
  process.exit(1);
}
await boot({ web: false });
