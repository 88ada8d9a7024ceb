import "server-only";
import { authSecret } from "./auth/secret";
import { startBackgroundWork, startSandboxClock, startStorageSweep, stopBackgroundWork } from "./background";
import { db } from "./db";
import { closeDatabase } from "./db/client";
import { countUsers } from "./db/queries/users";
import { env } from "./env";
import { AppError } from "./errors";
import { logger } from "./logger";
import { loadImportedModels } from "./models/imported";
import { PROVIDERS, isSandboxed } from "./providers/registry";
import { makeDataDirPrivate } from "./storage/private-files";
import { s3Settings } from "./storage/s3-settings";
import { backupToken } from "./backup/token";
import { createFirstAdmin } from "./users/service";
import { setupSchema } from "@/lib/shared/users";

/** Creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD on an empty install (unattended set-up). */
async function bootstrapAdminFromEnv(): Promise<void> {
  const config = env();
  if (!config.ADMIN_EMAIL || !config.ADMIN_PASSWORD) return;
  const database = await db();
  if ((await countUsers(database)) > 0) return;
  const input = setupSchema.parse({ name: config.ADMIN_NAME ?? "Admin", email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  try {
    const user = await createFirstAdmin(database, input);
    logger().info({ event: "admin_bootstrapped", userId: user.id }, "created the first admin from ADMIN_EMAIL");
  } catch (error) {
    if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
  }
}

/**
 * On SIGTERM or SIGINT: stop taking work, let running jobs finish for SHUTDOWN_GRACE_MS (the rest
 * go back to the queue for another instance), close the database, exit. Only when Next.js leaves the
 * signals to us (NEXT_MANUAL_SIG_HANDLE, set by `npm start`) or in the worker process.
 */
export function handleShutdownSignals(): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger().info({ event: "shutdown", signal }, "stopping");
    void stopBackgroundWork(env().SHUTDOWN_GRACE_MS)
      .then(() => closeDatabase())
      .catch((error: unknown) => logger().error({ err: error }, "shutdown failed"))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

/** Start-up, once per process: config, a private DATA_DIR, database and migrations, first admin, background work. */
export async function boot(options: { web: boolean } = { web: true }): Promise<void> {
  const config = env();
  // Each provider's own variables are checked now too, so a bad one stops start-up with its name.
  for (const descriptor of PROVIDERS) descriptor.settings();
  if (config.STORAGE === "s3") s3Settings();
  // Before the database or anything else writes a file there.
  await makeDataDirPrivate(config.dataDir);
  const database = await db();
  authSecret();
  // Made now, so `npm run backup` on this machine finds it while the server runs.
  backupToken();
  await bootstrapAdminFromEnv();
  // Models an admin imported from a provider's openapi.json join the catalog before any request.
  await loadImportedModels(database);
  // The sandbox's clock runs wherever the sandbox is served, like a provider's own servers would.
  if (options.web) startSandboxClock();
  startStorageSweep();
  if (config.BACKGROUND_WORK === "on" || !options.web) await startBackgroundWork();
  logger().info(
    {
      event: "booted",
      role: options.web ? "web" : "worker",
      database: config.DATABASE_URL ? "postgres" : "pglite",
      background: config.BACKGROUND_WORK === "on" || !options.web,
      providers: Object.fromEntries(PROVIDERS.map(({ id }) => [id, isSandboxed(id) ? "sandbox" : "live"])),
    },
    "Cutroom is ready",
  );
  if (!options.web || config.NEXT_MANUAL_SIG_HANDLE) handleShutdownSignals();
}
