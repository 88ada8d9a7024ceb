// GET /api/admin/backup - the whole install as one zip, for `npm run backup` on this machine
// (bearer token from DATA_DIR/backup-token, not a session)
import { PassThrough, Readable } from "node:stream";
import { writeBackup } from "@/lib/server/backup/write";
import { requireBackupToken } from "@/lib/server/backup/token";
import { db } from "@/lib/server/db";
import { handle } from "@/lib/server/http/respond";
import { logger } from "@/lib/server/logger";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  requireBackupToken(request);
  const body = new PassThrough();
  // Streamed as it is written; a failure cuts the answer short, and the command, which checks
  // the archive it received, says the backup failed.
  writeBackup(await db(), body).catch((error: unknown) => {
    logger().error({ event: "backup_failed", error: error instanceof Error ? error.message : String(error) }, "a backup failed");
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: { "content-type": "application/zip", "cache-control": "no-store" },
  });
});
