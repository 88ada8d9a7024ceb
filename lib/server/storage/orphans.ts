import "server-only";
import type { Dirent } from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { inArray } from "drizzle-orm";
import type { Db } from "../db";
import { tasks, uploads } from "../db/schema";
import { env } from "../env";
import { logger } from "../logger";
import { STORAGE_AREAS, type StorageArea } from "./files";

// A crash between writing a file and writing its row (or in the middle of a write, leaving a
// `.part`) leaves a file no row points at: nobody can read it, and it fills the disk. The sweep
// removes such files from uploads/ and media/, but only once they are older than the grace period,
// so a write in flight (file first, row a moment later; an archive still downloading) is never
// touched. Every stored name starts with the id of its row (uploads/<uploadId>.png,
// media/<taskId>.mp4, media/<taskId>.poster.jpg, and their `.part` files), so each batch of names
// is one primary-key lookup.

export const ORPHAN_GRACE_MS = 60 * 60_000;
const BATCH = 500;
const ID_PREFIX = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\./i;

type Candidate = { name: string; relative: string; id: string | null };

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

/** Regular files of one area older than `cutoff` (ms since the epoch). */
async function oldFiles(dir: string, area: StorageArea, cutoff: number): Promise<Candidate[]> {
  let entries: Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const candidates: Candidate[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const stat = await fsp.stat(path.join(dir, entry.name)).catch(() => null);
    if (!stat || stat.mtimeMs > cutoff) continue;
    candidates.push({ name: entry.name, relative: path.posix.join(area, entry.name), id: ID_PREFIX.exec(entry.name)?.[1] ?? null });
  }
  return candidates;
}

/** Deletes files in uploads/ and media/ that no row references and that are older than `graceMs`. */
export async function sweepOrphanFiles(db: Db, options: { graceMs?: number; now?: number } = {}): Promise<{ removed: string[] }> {
  const cutoff = (options.now ?? Date.now()) - (options.graceMs ?? ORPHAN_GRACE_MS);
  const removed: string[] = [];
  for (const area of STORAGE_AREAS) {
    const dir = path.join(env().dataDir, area);
    const candidates = await oldFiles(dir, area, cutoff);
    for (let start = 0; start < candidates.length; start += BATCH) {
      const batch = candidates.slice(start, start + BATCH);
      const ids = [...new Set(batch.map((candidate) => candidate.id).filter((id): id is string => id !== null))];
      const referenced = await referencedPaths(db, area, ids);
      for (const candidate of batch) {
        // A name without an id cannot be any row's path (every stored path is made from its row's id).
        if (referenced.has(candidate.relative)) continue;
        await fsp.rm(path.join(dir, candidate.name), { force: true });
        removed.push(candidate.relative);
      }
    }
  }
  if (removed.length > 0) {
    logger().warn({ event: "orphan_files_removed", count: removed.length }, "removed stored files that no upload or task refers to");
  }
  return { removed };
}
