import "server-only";
import { env } from "../env";
import type { StorageBackend } from "./backend";
import { localBackend } from "./local-backend";

// The storage this install uses, chosen by STORAGE (local disk under DATA_DIR, or an S3 bucket),
// and the few operations the rest of Cutroom needs, all by key.

export { STORAGE_AREAS, type StorageArea } from "./backend";
/** Where a key lives on local disk (STORAGE=local; tests read files there). */
export { absolutePath } from "./local-backend";

const globalForStorage = globalThis as unknown as { cutroomStorage?: { kind: string; backend: StorageBackend } };

export function storage(): StorageBackend {
  const kind = env().STORAGE;
  const held = globalForStorage.cutroomStorage;
  if (held?.kind === kind) return held.backend;
  const backend = kind === "s3" ? lazyS3Backend() : localBackend;
  globalForStorage.cutroomStorage = { kind, backend };
  return backend;
}

/**
 * The bucket backend, with the AWS SDK loaded on first use: an install on local disk never loads
 * it (it is some megabytes of code in memory), and one on a bucket loads it once.
 */
function lazyS3Backend(): StorageBackend {
  let loaded: Promise<StorageBackend> | undefined;
  const backend = () => (loaded ??= import("./s3-backend").then(({ createS3Backend }) => createS3Backend()));
  return {
    kind: "s3",
    putBytes: async (key, bytes, mime) => (await backend()).putBytes(key, bytes, mime),
    putStream: async (key, body, mime) => (await backend()).putStream(key, body, mime),
    stagingFile: async (key) => (await backend()).stagingFile(key),
    moveIn: async (key, staged, mime) => (await backend()).moveIn(key, staged, mime),
    readBytes: async (key) => (await backend()).readBytes(key),
    size: async (key) => (await backend()).size(key),
    openRead: async (key, range) => (await backend()).openRead(key, range),
    remove: async (key) => (await backend()).remove(key),
    list: async function* (area) {
      yield* (await backend()).list(area);
    },
    withLocalFile: async (key, work) => (await backend()).withLocalFile(key, work),
    presignedUrl: async (key, options) => (await backend()).presignedUrl!(key, options),
  };
}

/** Tests switch STORAGE and the bucket between cases; production never calls this. */
export function resetStorageForTests(): void {
  globalForStorage.cutroomStorage = undefined;
}

/** Stores bytes under area/name and returns the key rows keep. */
export async function writeFileAtomically(area: "uploads" | "media", name: string, bytes: Uint8Array, mime: string): Promise<string> {
  const key = `${area}/${name}`;
  await storage().putBytes(key, bytes, mime);
  return key;
}

export const readStoredFile = (key: string): Promise<Buffer> => storage().readBytes(key);

/** Removes a stored file; one already gone is fine. */
export const removeStoredFile = (key: string): Promise<void> => storage().remove(key);
