// Writes one backup archive of this install while it runs: the database (a consistent snapshot)
// and, with local storage, every stored file, checked by SHA-256; restore it with npm run restore.
//   npm run backup                          -> cutroom-backup-<date>.zip here
//   npm run backup -- --out /backups/x.zip
// With the embedded database, a running server is asked for it (PGlite lives in its process);
// with DATABASE_URL, or when no server runs, this command reads the database itself.
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { readBackupManifest } from "../lib/server/backup/restore";
import { backupToken } from "../lib/server/backup/token";
import { writeBackup } from "../lib/server/backup/write";
import { databaseTargetFromEnv, openDatabase } from "../lib/server/db/client";
import { env } from "../lib/server/env";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const config = env();
const out = values.out ?? `cutroom-backup-${new Date().toISOString().replace(/[:.]/g, "-")}.zip`;
const target = databaseTargetFromEnv(config);

async function fromRunningServer(): Promise<boolean> {
  const answer = await fetch(`http://127.0.0.1:${config.PORT}/api/admin/backup`, {
    headers: { authorization: `Bearer ${backupToken()}` },
  }).catch(() => null);
  if (!answer) return false;
  if (!answer.ok || !answer.body) {
    throw new Error(
      `The server on port ${config.PORT} refused the backup (${answer.status}): is it this install's (DATA_DIR=${config.dataDir})?`,
    );
  }
  await pipeline(Readable.fromWeb(answer.body as never), fs.createWriteStream(out, { mode: 0o600 }));
  return true;
}

try {
  let how = "read from the database";
  if (target.kind === "pglite" && (await fromRunningServer())) how = "from the running server";
  else {
    const handle = await openDatabase(target);
    try {
      await writeBackup(handle.db, fs.createWriteStream(out, { mode: 0o600 }));
    } finally {
      await handle.close();
    }
  }
  // Read back: an archive cut short (a server stopped mid-way) is not a backup.
  const manifest = await readBackupManifest(out);
  const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(`Backup written to ${out} (${how}): ${rows} rows in ${manifest.tables.length} tables, ${manifest.files.length} files.`);
  process.exit(0);
} catch (error) {
  fs.rmSync(out, { force: true });
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
