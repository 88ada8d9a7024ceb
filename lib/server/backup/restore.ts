import "server-only";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import yauzl from "yauzl";
import type { Db } from "../db";
import { env } from "../env";
import { storage } from "../storage/files";
import { hashingStream } from "../storage/hashing";
import { PRIVATE_FILE_MODE } from "../storage/private-files";
import { MANIFEST_ENTRY, backupManifestSchema, type BackupManifest } from "./manifest";
import { backupTables, quoted, rowsOf } from "./tables";

// Brings a backup into an empty install (a fresh DATA_DIR, or an empty Postgres database): this
// build's migrations run first, so a backup from an older version lands in today's schema (columns
// added since take their defaults). Files go to this install's storage (local or a bucket), each
// checked against the SHA-256 the backup recorded, before any row is written; then every table in
// one transaction, parents first: a restore that fails leaves no rows (and files only the orphan
// sweep removes). Generated secrets come back unless this install has its own.

export class RestoreRefused extends Error {}

type Zip = { entries: Map<string, yauzl.Entry>; open: (name: string) => Promise<Readable>; close: () => void };

function openZip(file: string): Promise<Zip> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error || !zip) return reject(new RestoreRefused(`${file} is not a Cutroom backup (not a zip).`));
      const entries = new Map<string, yauzl.Entry>();
      zip.on("entry", (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on("error", reject);
      zip.on("end", () =>
        resolve({
          entries,
          open: (name) =>
            new Promise((done, fail) => {
              const entry = entries.get(name);
              if (!entry) return fail(new RestoreRefused(`The backup has no ${name}.`));
              zip.openReadStream(entry, (streamError, stream) => (streamError || !stream ? fail(streamError) : done(stream)));
            }),
          close: () => zip.close(),
        }),
      );
      zip.readEntry();
    });
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readManifest(zip: Zip): Promise<BackupManifest> {
  const parsed = backupManifestSchema.safeParse(
    JSON.parse(
      (
        await readAll(await zip.open(MANIFEST_ENTRY)).catch(() => {
          throw new RestoreRefused(`This is not a Cutroom backup: it has no ${MANIFEST_ENTRY}.`);
        })
      ).toString("utf8"),
    ),
  );
  if (!parsed.success) throw new RestoreRefused(`This backup's ${MANIFEST_ENTRY} is not one this version of Cutroom reads.`);
  return parsed.data;
}

/** What came back; `storage: "s3"` means the files stayed in the bucket the backup's install used. */
/** The manifest of a backup file, which also proves the archive is whole (its directory is at the end). */
export async function readBackupManifest(file: string): Promise<BackupManifest> {
  const zip = await openZip(file);
  try {
    return await readManifest(zip);
  } finally {
    zip.close();
  }
}

export type RestoreReport = {
  tables: number;
  rows: number;
  files: number;
  storage: BackupManifest["storage"];
  secrets: string[];
  keptSecrets: string[];
};

async function restoreFiles(zip: Zip, manifest: BackupManifest): Promise<void> {
  for (const file of manifest.files) {
    const { stream: measure, result } = hashingStream();
    const body = await zip.open(`files/${file.key}`);
    body.on("error", (error) => measure.destroy(error));
    await storage().putStream(file.key, body.pipe(measure), "application/octet-stream");
    const { sha256 } = result();
    if (sha256 !== file.sha256) {
      await storage().remove(file.key);
      throw new RestoreRefused(`${file.key} in the backup is damaged (its SHA-256 is not the one recorded); nothing was restored.`);
    }
  }
}

async function restoreSecrets(zip: Zip, manifest: BackupManifest): Promise<{ restored: string[]; kept: string[] }> {
  const restored: string[] = [];
  const kept: string[] = [];
  for (const name of manifest.secrets) {
    const target = path.join(env().dataDir, name);
    const bytes = await readAll(await zip.open(`secrets/${name}`));
    try {
      fs.writeFileSync(target, bytes, { flag: "wx", mode: PRIVATE_FILE_MODE });
      restored.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!fs.readFileSync(target).equals(bytes)) kept.push(name);
    }
  }
  return { restored, kept };
}

const BATCH_ROWS = 500;

async function restoreTables(db: Db, zip: Zip, manifest: BackupManifest): Promise<number> {
  let total = 0;
  await db.transaction(async (tx) => {
    const here = new Map((await backupTables(tx as unknown as Db)).map((shape) => [shape.name, shape]));
    // Rows the migrations themselves made (settings' first rows) give way to the backup's.
    for (const table of [...manifest.tables].reverse()) {
      if (here.has(table.name) && table.rows > 0 && table.name !== "audit_log") {
        await tx.execute(sql.raw(`delete from ${quoted(table.name)}`));
      }
    }
    for (const table of manifest.tables) {
      const shape = here.get(table.name);
      if (!shape || table.rows === 0) continue;
      const columns = table.columns.filter((column) => shape.columns.includes(column)).map(quoted);
      const list = columns.join(", ");
      const overriding = shape.identity.length > 0 ? " overriding system value" : "";
      const insert = async (rows: string[]) => {
        await tx.execute(
          sql`insert into ${sql.raw(quoted(table.name))} (${sql.raw(list)})${sql.raw(overriding)}
              select ${sql.raw(list)} from json_populate_recordset(null::${sql.raw(quoted(table.name))}, ${`[${rows.join(",")}]`}::json)`,
        );
        total += rows.length;
      };
      let batch: string[] = [];
      const lines = readline.createInterface({ input: await zip.open(`db/${table.name}.jsonl`), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line) continue;
        batch.push(line);
        if (batch.length === BATCH_ROWS) {
          await insert(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await insert(batch);
      for (const column of shape.identity) {
        await tx.execute(
          sql.raw(
            `select setval(pg_get_serial_sequence('${quoted(table.name)}', '${column}'), coalesce((select max(${quoted(column)}) from ${quoted(table.name)}), 0) + 1, false)`,
          ),
        );
      }
    }
  });
  return total;
}

export async function restoreBackup(db: Db, file: string): Promise<RestoreReport> {
  const zip = await openZip(file);
  try {
    const manifest = await readManifest(zip);
    const [applied] = await rowsOf<{ count: number }>(db, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
    if (manifest.migrations > Number(applied?.count ?? 0)) {
      throw new RestoreRefused("This backup was made by a newer version of Cutroom: update this install first, then restore.");
    }
    const [people] = await rowsOf<{ count: number }>(db, sql`select count(*)::int as count from users`);
    if (Number(people?.count ?? 0) > 0) {
      throw new RestoreRefused(
        "This install already has people and work in it. Restore into an empty install (a new DATA_DIR or database).",
      );
    }
    await restoreFiles(zip, manifest);
    const rows = await restoreTables(db, zip, manifest);
    const expected = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    if (rows !== expected) throw new Error(`Restored ${rows} rows of the ${expected} the backup holds.`);
    const secrets = await restoreSecrets(zip, manifest);
    return {
      tables: manifest.tables.length,
      rows,
      files: manifest.files.length,
      storage: manifest.storage,
      secrets: secrets.restored,
      keptSecrets: secrets.kept,
    };
  } finally {
    zip.close();
  }
}
