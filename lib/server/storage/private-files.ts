import "server-only";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { isMainThread } from "node:worker_threads";
import { logger } from "../logger";

// Everything under DATA_DIR belongs to the server's user alone: the embedded database (password
// hashes, sessions), generated secrets, uploads and archived media. Directories are 0700 and files
// 0600. A umask of 077 covers what this process and its libraries create from now on (sharp's and
// ffmpeg's posters, PGlite's directories); a walk at start-up fixes what an older install, a
// restored backup or a copy made with `cp -r` left readable.

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_UMASK = 0o077;

/** From now on, nothing this process creates gets group or other bits. */
export function restrictFileCreation(): void {
  // The umask belongs to the process (worker threads share it), and only the main thread may set it.
  if (isMainThread) process.umask(PRIVATE_UMASK);
}

/** Creates a directory (and any missing parents) that only the server's user can enter. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

export function ensurePrivateDirSync(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

const looseness = (mode: number, wanted: number) => (mode & 0o777) !== wanted;

/**
 * Sets every directory under `root` (and root itself) to 0700 and every file to 0600. Symbolic
 * links are left alone and not followed: chmod would change what they point at, which may lie
 * outside DATA_DIR. Entries that vanish meanwhile are skipped; ones this user may not change are
 * counted, so start-up can say so.
 */
export async function tightenTree(root: string): Promise<{ changed: number; refused: string[] }> {
  const result = { changed: 0, refused: [] as string[] };
  const tighten = async (target: string, mode: number, wanted: number) => {
    if (!looseness(mode, wanted)) return;
    try {
      await fsp.chmod(target, wanted);
      result.changed += 1;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") result.refused.push(target);
    }
  };
  // The root may itself be a link (a volume mounted elsewhere): that one is followed.
  const rootStat = await fsp.stat(root);
  if (!rootStat.isDirectory()) throw new Error(`DATA_DIR (${root}) is not a directory`);
  await tighten(root, rootStat.mode, PRIVATE_DIR_MODE);
  // Iterative, so a deep tree cannot overflow the stack.
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") result.refused.push(dir);
      continue;
    }
    for (const entry of entries) {
      const target = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      let stat: fs.Stats;
      try {
        stat = await fsp.lstat(target);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        await tighten(target, stat.mode, PRIVATE_DIR_MODE);
        pending.push(target);
      } else if (stat.isFile()) {
        await tighten(target, stat.mode, PRIVATE_FILE_MODE);
      }
    }
  }
  return result;
}

/** Start-up, before anything writes into DATA_DIR: the umask, the directory, and the walk. */
export async function makeDataDirPrivate(dataDir: string): Promise<void> {
  restrictFileCreation();
  await ensurePrivateDir(dataDir);
  const { changed, refused } = await tightenTree(dataDir);
  if (changed > 0) {
    logger().warn({ event: "data_dir_tightened", changed }, "made files in DATA_DIR private to the server's user (0700/0600)");
  }
  if (refused.length > 0) {
    logger().error(
      { event: "data_dir_not_private", count: refused.length, first: refused[0] },
      "some files in DATA_DIR belong to another user and stay readable by others: fix their owner and restart",
    );
  }
}
