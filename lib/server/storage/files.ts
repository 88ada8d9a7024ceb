import "server-only";
import { env } from "../env";
import type { StorageBackend } from "./backend";
import { localBackend } from "./local-backend";
import { createS3Backend } from "./s3-backend";

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
  const backend = kind === "s3" ? createS3Backend() : localBackend;
  globalForStorage.cutroomStorage = { kind, backend };
  return backend;
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
