import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db";
import { findTask } from "../db/queries/tasks";
import { tasks } from "../db/schema";
import { sendJob } from "../jobs/engine";
import { logger } from "../logger";
import { absolutePath } from "../storage/files";
import { ensurePrivateDir } from "../storage/private-files";
import { makePoster } from "../storage/posters";
import { formatBytes } from "@/lib/shared/format";
import { recordEvent } from "./state-machine";

// Providers keep outputs for a short time (AIVideoMaker: 24 hours), so a finished task's file is
// copied into Cutroom's storage and served from there. The download streams to disk through a size
// cap and a SHA-256 hash, never held whole in memory; a failure throws, and the archive job retries
// it with backoff.

const MAX_MEDIA_BYTES = 2 * 1024 * 1024 * 1024;
const EXTENSION: Record<string, string> = {
  "video/mp4": "mp4",
  "video/webm": "webm",
  "video/quicktime": "mov",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
};

/** Queues the copy of a task's output; one waiting job per task, however often it is asked. */
export async function scheduleArchive(taskId: string): Promise<void> {
  await sendJob("archive", { taskId }, { singletonKey: taskId });
}

/** Makes the still for an archived output; a failure is logged, as the output itself is safe. */
async function addPoster(db: Db, taskId: string, mediaPath: string, mime: string): Promise<void> {
  try {
    const poster = await makePoster(mediaPath, mime);
    await db
      .update(tasks)
      .set({ posterPath: poster.posterPath, mediaWidth: poster.width, mediaHeight: poster.height })
      .where(eq(tasks.id, taskId));
  } catch (error) {
    logger().warn({ event: "poster_failed", taskId, reason: (error as Error).message.split("\n")[0] }, "could not make a poster");
  }
}

export async function archiveTask(db: Db, taskId: string): Promise<"archived" | "skipped"> {
  const task = await findTask(db, taskId);
  if (task?.state === "succeeded" && task.mediaPath && !task.posterPath) {
    await addPoster(db, task.id, task.mediaPath, task.mediaMime ?? "video/mp4");
    return "skipped";
  }
  if (!task || task.state !== "succeeded" || !task.outputUrl || task.mediaPath) return "skipped";
  const log = logger().child({ taskId, provider: task.provider });
  const [claimed] = await db
    .update(tasks)
    .set({ archiveAttempts: sql`${tasks.archiveAttempts} + 1` })
    .where(eq(tasks.id, taskId))
    .returning({ attempts: tasks.archiveAttempts });
  const attempt = claimed?.attempts ?? 1;
  const fallbackMime = task.outputKind === "image" ? "image/png" : "video/mp4";
  let temporary: string | undefined;
  try {
    const response = await fetch(task.outputUrl, { signal: AbortSignal.timeout(30_000), redirect: "follow" });
    if (!response.ok || !response.body) throw new Error(`the provider's file answered HTTP ${response.status}`);
    const declaredMime = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    const mime = declaredMime in EXTENSION ? declaredMime : fallbackMime;
    const relative = path.posix.join("media", `${task.id}.${EXTENSION[mime]}`);
    const target = absolutePath(relative);
    await ensurePrivateDir(path.dirname(target));
    temporary = `${target}.${randomUUID()}.part`;
    const hash = createHash("sha256");
    let bytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > MAX_MEDIA_BYTES) return callback(new Error("the output is larger than the archive limit"));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    // Stalls are caught by this inactivity timer rather than a total timeout: big files take time.
    const body = Readable.fromWeb(response.body as WebReadableStream);
    await pipeline(body, measure, fs.createWriteStream(temporary, { mode: 0o600 }), { signal: AbortSignal.timeout(30 * 60_000) });
    if (bytes === 0) throw new Error("the provider's file was empty");
    await fsp.rename(temporary, target);
    temporary = undefined;
    const sha256 = hash.digest("hex");
    await db
      .update(tasks)
      .set({ mediaPath: relative, mediaMime: mime, mediaBytes: bytes, mediaSha256: sha256, updatedAt: new Date() })
      .where(eq(tasks.id, task.id));
    await recordEvent(db, task.id, {
      source: "system",
      kind: "archive",
      message: `Saved a copy of the output in Cutroom's storage (${formatBytes(bytes)}).`,
      detail: { bytes, sha256, mime, attempt },
    });
    log.info({ event: "media_archived", bytes, attempt }, "output archived");
    await addPoster(db, task.id, relative, mime);
    return "archived";
  } catch (error) {
    if (temporary) await fsp.rm(temporary, { force: true });
    const reason = error instanceof Error ? error.message : "unknown error";
    await recordEvent(db, task.id, {
      source: "system",
      kind: "archive",
      message: `Could not copy the output yet (${reason}); Cutroom will try again. Meanwhile it plays from the provider.`,
      detail: { attempt },
    });
    log.warn({ event: "media_archive_failed", attempt, reason }, "could not archive output");
    throw error;
  }
}
