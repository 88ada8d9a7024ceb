import "server-only";
import type { Readable } from "node:stream";

// Where uploads, archived outputs and posters live: the local disk under DATA_DIR (the default) or
// an S3-compatible bucket. Every stored file has a key made only from ids Cutroom generated
// ("uploads/<id>.png", "media/<taskId>.mp4", "media/<taskId>.poster.jpg"); rows keep the key, and
// the same key means the same file whichever backend holds it, so files can move between them.

export type StorageArea = "uploads" | "media";
export const STORAGE_AREAS: readonly StorageArea[] = ["uploads", "media"];

export type ByteRange = { start: number; end: number };

export type StoredEntry = { key: string; size: number; modifiedMs: number };

export interface StorageBackend {
  readonly kind: "local" | "s3";
  /** Stores bytes under a key; a reader sees the whole file or none of it. */
  putBytes(key: string, bytes: Uint8Array, mime: string): Promise<void>;
  /** Stores a stream under a key (never whole in memory); nothing is stored if the stream fails. */
  putStream(key: string, body: Readable, mime: string): Promise<void>;
  /** A local path to write a file that is to be stored under `key` (next to it on local disk, so moving it in is a rename). */
  stagingFile(key: string): Promise<string>;
  /** Stores a finished staging file under its key; the staging file is gone afterwards. */
  moveIn(key: string, staged: string, mime: string): Promise<void>;
  readBytes(key: string): Promise<Buffer>;
  /** The stored size, or null when nothing is stored under the key. */
  size(key: string): Promise<number | null>;
  /** The file, or the inclusive byte range of it, as a stream. */
  openRead(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes a stored file; one already gone is fine. */
  remove(key: string): Promise<void>;
  /** Every stored file of an area, for the orphan sweep and the move command. */
  list(area: StorageArea): AsyncIterable<StoredEntry>;
  /** A local path to hand to ffmpeg or sharp: the file itself, or a temporary copy removed after `work`. */
  withLocalFile<T>(key: string, work: (file: string) => Promise<T>): Promise<T>;
  /** A short-lived address the browser may fetch the file from directly, when the backend allows it. */
  presignedUrl?(key: string, options: { mime: string; disposition: string }): Promise<string | null>;
}

/** Keys are made by Cutroom from ids; anything else (a path climbing out, an absolute path) is refused. */
export function checkKey(key: string): string {
  const [area, name, ...rest] = key.split("/");
  if (rest.length > 0 || !name || !STORAGE_AREAS.includes(area as StorageArea) || !/^[\w.-]+$/.test(name) || name.startsWith(".")) {
    throw new Error("Not a storage key Cutroom makes");
  }
  return key;
}
