import "server-only";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { once } from "node:events";
import { sql } from "drizzle-orm";
import { ZipFile } from "yazl";
import type { Db } from "../db";
import { env } from "../env";
import { STORAGE_AREAS, storage } from "../storage/files";
import { hashingStream } from "../storage/hashing";
import { PRIVATE_FILE_MODE } from "../storage/private-files";
import { BACKUP_FORMAT, MANIFEST_ENTRY, SECRET_FILES, type BackupManifest } from "./manifest";
import { backupTables, quoted, rowsOf } from "./tables";

// One archive (a zip) holding everything needed to bring an install back: every table's rows as
// JSON lines, read in one repeatable-read snapshot so they agree with each other while the app
// goes on working; with local storage, every stored file (uploads, outputs, posters), each with its
// SHA-256; the secrets Cutroom generated into DATA_DIR (without them, sessions and the webhook
// links providers hold stop working); and a manifest. Rows go to a private temporary directory
// first, so the snapshot (on PGlite, the one connection) is held only as long as reading takes,
// not while files are copied; nothing is ever whole in memory.

const PAGE_ROWS = 1000;

async function writeLine(file: fs.WriteStream, line: string): Promise<void> {
  if (!file.write(line)) await once(file, "drain");
}

async function dumpTables(db: Db, dir: string): Promise<BackupManifest["tables"]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    const shapes = await backupTables(tx as unknown as Db);
    const dumped: BackupManifest["tables"] = [];
    for (const shape of shapes) {
      const file = fs.createWriteStream(path.join(dir, `${shape.name}.jsonl`), { mode: PRIVATE_FILE_MODE });
      const select = shape.columns.map(quoted).join(", ");
      const fromPage = shape.columns.map((column) => `r.${quoted(column)}`).join(", ");
      let rows = 0;
      let after = "(0,0)";
      // Pages in physical order (ctid): stable within the snapshot and cheap to resume from,
      // whatever the table's key.
      for (;;) {
        const page = await rowsOf<{ ctid: string; row: string }>(
          tx as unknown as Db,
          // The row as Postgres writes it (numbers and times exactly as stored, never through a JS number).
          sql`select r.ctid::text as ctid, (select row_to_json(x) from (select ${sql.raw(fromPage)}) x)::text as row
              from (select ctid, ${sql.raw(select)} from ${sql.raw(quoted(shape.name))} where ctid > ${after}::tid order by ctid limit ${PAGE_ROWS}) r`,
        );
        for (const { row } of page) await writeLine(file, `${row}\n`);
        rows += page.length;
        if (page.length < PAGE_ROWS) break;
        after = page.at(-1)!.ctid;
      }
      file.end();
      await once(file, "finish");
      dumped.push({ name: shape.name, columns: shape.columns, rows });
    }
    return dumped;
  });
}

async function appliedMigrations(db: Db): Promise<number> {
  const [row] = await rowsOf<{ applied: number }>(db, sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
  return Number(row?.applied ?? 0);
}

/** Writes the backup to `out` and says what it holds. */
export async function writeBackup(db: Db, out: Writable): Promise<BackupManifest> {
  const config = env();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "cutroom-backup-"));
  const zip = new ZipFile();
  const written = once(out, "finish");
  const failed = new Promise<never>((_, reject) => {
    zip.on("error", reject);
    out.on("error", reject);
  });
  zip.outputStream.pipe(out);
  try {
    const migrations = await appliedMigrations(db);
    const tables = await dumpTables(db, dir);
    for (const table of tables) zip.addFile(path.join(dir, `${table.name}.jsonl`), `db/${table.name}.jsonl`);
    const files: BackupManifest["files"] = [];
    // A bucket keeps its own copies (versioning, replication): only local files travel in the backup.
    if (config.STORAGE === "local") {
      for (const area of STORAGE_AREAS) {
        for await (const entry of storage().list(area)) {
          if (entry.key.endsWith(".part")) continue;
          const { stream, result } = hashingStream();
          const body = await storage()
            .openRead(entry.key)
            .catch(() => null);
          // Removed since it was listed (deleted, swept): it is not part of the backup.
          if (!body) continue;
          body.pipe(stream);
          zip.addReadStream(stream, `files/${entry.key}`, { compress: false });
          await Promise.race([once(stream, "end"), failed]);
          files.push({ key: entry.key, ...result() });
        }
      }
    }
    const secrets: BackupManifest["secrets"] = [];
    for (const name of SECRET_FILES) {
      const file = path.join(config.dataDir, name);
      if (!fs.existsSync(file)) continue;
      zip.addFile(file, `secrets/${name}`);
      secrets.push(name);
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations,
      engine: config.DATABASE_URL ? "postgres" : "pglite",
      storage: config.STORAGE,
      tables,
      files,
      secrets,
    };
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), MANIFEST_ENTRY);
    zip.end();
    await Promise.race([written, failed]);
    return manifest;
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
