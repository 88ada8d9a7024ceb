// Brings a backup made by npm run backup into an empty install (a fresh DATA_DIR, or an empty
// database at DATABASE_URL), with this version's migrations; Cutroom must not be running on it.
//   npm run restore -- cutroom-backup-2026-12-04.zip
import { parseArgs } from "node:util";
import { RestoreRefused, restoreBackup } from "../lib/server/backup/restore";
import { databaseTargetFromEnv, openDatabase } from "../lib/server/db/client";
import { env } from "../lib/server/env";
import { makeDataDirPrivate } from "../lib/server/storage/private-files";

const { positionals } = parseArgs({ allowPositionals: true });
const file = positionals[0];
if (!file) {
  console.error("Say which backup to restore: npm run restore -- <backup.zip>");
  process.exit(2);
}
const config = env();
const target = databaseTargetFromEnv(config);
if (target.kind === "pglite") {
  const running = await fetch(`http://127.0.0.1:${config.PORT}/api/health/live`).catch(() => null);
  if (running) {
    console.error(`Cutroom is running on port ${config.PORT}: stop it before restoring into its DATA_DIR.`);
    process.exit(1);
  }
  await makeDataDirPrivate(config.dataDir);
}
const handle = await openDatabase(target);
try {
  const report = await restoreBackup(handle.db, file);
  console.log(
    `Restored ${report.rows} rows in ${report.tables} tables and ${report.files} files.` +
      (report.storage === "s3" ? " The backup's files are in its bucket: point STORAGE=s3 and S3_* at it." : "") +
      (report.keptSecrets.length > 0 ? ` This install's own ${report.keptSecrets.join(", ")} was kept.` : ""),
  );
  process.exitCode = 0;
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof RestoreRefused ? 1 : 3;
} finally {
  await handle.close();
}
