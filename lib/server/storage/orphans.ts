import "server-only";
import { inArray } from "drizzle-orm";
import type { Db } from "../db";
import { tasks, uploads } from "../db/schema";
import { logger } from "../logger";
import type { StoredEntry } from "./backend";
import { STORAGE_AREAS, storage, type StorageArea } from "./files";

// A crash between writing a file and writing its row (or in the middle of a write, leaving a
// `.part`) leaves a file no row points at: nobody can read it, and it fills the disk or the bucket.
// The sweep removes such files from uploads/ and media/, but only once they are older than the
// grace period, so a write in flight (file first, row a moment later; an archive still
// downloading) is never touched. Every stored name starts with the id of its row
// (uploads/<uploadId>.png, media/<taskId>.mp4, media/<taskId>.poster.jpg, and their `.part`
// files), so each batch of names is one primary-key lookup.

export const ORPHAN_GRACE_MS = 60 * 60_000;
const BATCH = 500;
const ID_PREFIX = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\./i;

const idOf = (key: string) => ID_PREFIX.exec(key.split("/").pop() ?? "")?.[1] ?? null;

/** The stored paths that rows with these ids point at. */
async function referencedPaths(db: Db, area: StorageArea, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  if (area === "uploads") {
    const rows = await db.select({ path: uploads.storagePath }).from(uploads).where(inArray(uploads.id, ids));
    return new Set(rows.map((row) => row.path));
  }
  const rows = await db.select({ media: tasks.mediaPath, poster: tasks.posterPath }).from(tasks).where(inArray(tasks.id, ids));
  return new Set(rows.flatMap((row) => [row.media, row.poster]).filter((value): value is string => value !== null));
}

async function removeUnreferenced(db: Db, area: StorageArea, batch: StoredEntry[], removed: string[]): Promise<void> {
  const ids = [...new Set(batch.map((entry) => idOf(entry.key)).filter((id): id is string => id !== null))];
  const referenced = await referencedPaths(db, area, ids);
  for (const entry of batch) {
    // A name without an id cannot be any row's path (every stored path is made from its row's id).
    if (referenced.has(entry.key)) continue;
    await storage().remove(entry.key);
    removed.push(entry.key);
  }
}

/** Deletes files in uploads/ and media/ that no row references and that are older than `graceMs`. */
export async function sweepOrphanFiles(db: Db, options: { graceMs?: number; now?: number } = {}): Promise<{ removed: string[] }> {
  const cutoff = (options.now ?? Date.now()) - (options.graceMs ?? ORPHAN_GRACE_MS);
  const removed: string[] = [];
  for (const area of STORAGE_AREAS) {
    let batch: StoredEntry[] = [];
    for await (const entry of storage().list(area)) {
      if (entry.modifiedMs > cutoff) continue;
      batch.push(entry);
      if (batch.length === BATCH) {
        await removeUnreferenced(db, area, batch, removed);
        batch = [];
      }
    }
    if (batch.length > 0) await removeUnreferenced(db, area, batch, removed);
  }
  if (removed.length > 0) {
    logger().warn({ event: "orphan_files_removed", count: removed.length }, "removed stored files that no upload or task refers to");
  }
  return { removed };
}
