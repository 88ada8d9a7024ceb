import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";
import { AppError } from "../errors";
import { PRIVATE_FILE_MODE, ensurePrivateDirSync } from "../storage/private-files";

// `npm run backup` on an install with the embedded database cannot open it while the server runs
// (PGlite lives inside the server's process), so it asks the server, which answers
// GET /api/admin/backup to whoever shows the token in DATA_DIR/backup-token. Only the server's
// own user can read that file (0600 under a 0700 directory): being able to read it is the same
// permission as being able to copy DATA_DIR, which a backup is.

const FILE = "backup-token";

export function backupToken(): string {
  const { dataDir } = env();
  const target = path.join(dataDir, FILE);
  ensurePrivateDirSync(dataDir);
  try {
    fs.writeFileSync(target, randomBytes(32).toString("base64url"), { flag: "wx", mode: PRIVATE_FILE_MODE });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(target, "utf8").trim();
}

const digest = (value: string) => createHash("sha256").update(value).digest();

export function requireBackupToken(request: Request): void {
  const match = /^Bearer\s+(.+)$/i.exec((request.headers.get("authorization") ?? "").trim());
  if (!match || !timingSafeEqual(digest(match[1]!), digest(backupToken()))) {
    throw new AppError("UNAUTHENTICATED", "A backup needs the token in DATA_DIR/backup-token: run npm run backup on this machine.");
  }
}
