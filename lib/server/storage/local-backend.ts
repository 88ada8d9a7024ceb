import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { env } from "../env";
import { checkKey, type StorageArea, type StorageBackend, type StoredEntry } from "./backend";
import { PRIVATE_FILE_MODE, ensurePrivateDir } from "./private-files";

// Files on the local disk under DATA_DIR (outside public/), readable by the server's user alone.

export function absolutePath(key: string): string {
  const root = env().dataDir;
  const resolved = path.resolve(root, checkKey(key));
  if (!resolved.startsWith(root + path.sep)) throw new Error("Storage path escapes DATA_DIR");
  return resolved;
}

/** Writes through a temporary file beside the target and renames it, so a reader never sees half a file. */
async function writeThroughTemporary(key: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const target = absolutePath(key);
  await ensurePrivateDir(path.dirname(target));
  const temporary = `${target}.${randomUUID()}.part`;
  try {
    await write(temporary);
    await fsp.rename(temporary, target);
  } catch (error) {
    // A full disk must not leave half a file behind.
    await fsp.rm(temporary, { force: true });
    throw error;
  }
}

async function* listArea(area: StorageArea): AsyncIterable<StoredEntry> {
  const dir = path.join(env().dataDir, area);
  let names: fs.Dirent[];
  try {
    names = await fsp.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  for (const entry of names) {
    if (!entry.isFile()) continue;
    const stat = await fsp.stat(path.join(dir, entry.name)).catch(() => null);
    if (stat) yield { key: `${area}/${entry.name}`, size: stat.size, modifiedMs: stat.mtimeMs };
  }
}

export const localBackend: StorageBackend = {
  kind: "local",
  putBytes: (key, bytes) => writeThroughTemporary(key, (temporary) => fsp.writeFile(temporary, bytes, { mode: PRIVATE_FILE_MODE })),
  putStream: (key, body) =>
    writeThroughTemporary(key, (temporary) => pipeline(body, fs.createWriteStream(temporary, { mode: PRIVATE_FILE_MODE }))),
  // Beside the target, named after its id: the same file system (so moving in is a rename), and an
  // abandoned one is found and removed by the orphan sweep.
  stagingFile: async (key) => {
    const target = absolutePath(key);
    await ensurePrivateDir(path.dirname(target));
    return `${target}.${randomUUID()}.part`;
  },
  moveIn: (key, staged) => fsp.rename(staged, absolutePath(key)),
  readBytes: (key) => fsp.readFile(absolutePath(key)),
  size: async (key) => {
    const stat = await fsp.stat(absolutePath(key)).catch(() => null);
    return stat?.isFile() ? stat.size : null;
  },
  openRead: async (key, range) => {
    const file = absolutePath(key);
    // Opened before the stream is handed out, so a missing file is an error here, not mid-answer.
    const handle = await fsp.open(file, "r");
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  },
  remove: (key) => fsp.rm(absolutePath(key), { force: true }),
  list: listArea,
  withLocalFile: (key, work) => work(absolutePath(key)),
};
