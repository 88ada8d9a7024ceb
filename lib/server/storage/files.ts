import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { env } from "../env";
import { PRIVATE_FILE_MODE, ensurePrivateDir } from "./private-files";

// Files Cutroom keeps on local disk under DATA_DIR (outside public/): uploads and archived media.
// Stored paths are relative to DATA_DIR and made only from ids Cutroom generated.

export type StorageArea = "uploads" | "media";
export const STORAGE_AREAS: readonly StorageArea[] = ["uploads", "media"];

export function absolutePath(relative: string): string {
  const root = env().dataDir;
  const resolved = path.resolve(root, relative);
  if (!resolved.startsWith(root + path.sep)) throw new Error("Storage path escapes DATA_DIR");
  return resolved;
}

/** Writes bytes to area/name through a temporary file, so a reader never sees half a file. */
export async function writeFileAtomically(area: StorageArea, name: string, bytes: Uint8Array): Promise<string> {
  const relative = path.posix.join(area, name);
  const target = absolutePath(relative);
  await ensurePrivateDir(path.dirname(target));
  const temporary = `${target}.${randomUUID()}.part`;
  try {
    await fs.writeFile(temporary, bytes, { mode: PRIVATE_FILE_MODE });
    await fs.rename(temporary, target);
  } catch (error) {
    // A full disk must not leave half a file behind.
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return relative;
}

export async function readStoredFile(relative: string): Promise<Buffer> {
  return fs.readFile(absolutePath(relative));
}

/** Removes a stored file; one already gone is fine. */
export async function removeStoredFile(relative: string): Promise<void> {
  await fs.rm(absolutePath(relative), { force: true });
}
