import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Db } from "../db";
import { countArchiveAttempt, findTask, updateTask } from "../db/queries/tasks";
import { sendJob } from "../jobs/engine";
import { logger } from "../logger";
import { FetchFailed, FetchRefused, type FetchLimits } from "../http/safe-fetch";
import { absolutePath } from "../storage/files";
import { ensurePrivateDir } from "../storage/private-files";
import { OUTPUT_REFUSED, OUTPUT_TYPES } from "../storage/media-types";
import { makePoster } from "../storage/posters";
import { openTaskOutput } from "../storage/provider-output";
import { formatBytes } from "@/lib/shared/format";
import { recordEvent } from "./state-machine";

// Providers keep outputs for a short time (AIVideoMaker: 24 hours), so a finished task's file is
// copied into Cutroom's storage and served from there. The download streams to disk through a
// SHA-256 hash, never held whole in memory, via the guarded output fetcher (public addresses only,
// a size cap, timeouts on silence rather than on length). An output that can never be accepted (a
// private address, a type that is not a video or image, too large) is refused for good: the task
// says so and nothing is written. Any other failure throws, and the archive job retries it.

/** Attempts after which the reconciler stops queueing the copy again; a refused output is set to it. */
export const MAX_ARCHIVE_ATTEMPTS = 8;

/** Queues the copy of a task's output; one waiting job per task, however often it is asked. */
export async function scheduleArchive(taskId: string): Promise<void> {
  await sendJob("archive", { taskId }, { singletonKey: taskId });
}

/** Makes the still for an archived output; a failure is logged, as the output itself is safe. */
async function addPoster(db: Db, taskId: string, mediaPath: string, mime: string): Promise<void> {
  try {
    const poster = await makePoster(mediaPath, mime);
    await updateTask(db, taskId, { posterPath: poster.posterPath, mediaWidth: poster.width, mediaHeight: poster.height });
  } catch (error) {
    logger().warn({ event: "poster_failed", taskId, reason: (error as Error).message.split("\n")[0] }, "could not make a poster");
  }
}

export async function archiveTask(
  db: Db,
  taskId: string,
  options: { limits?: Partial<FetchLimits> } = {},
): Promise<"archived" | "skipped" | "refused"> {
  const task = await findTask(db, taskId);
  if (task?.state === "succeeded" && task.mediaPath && !task.posterPath) {
    await addPoster(db, task.id, task.mediaPath, task.mediaMime ?? "video/mp4");
    return "skipped";
  }
  if (!task || task.state !== "succeeded" || !task.outputUrl || task.mediaPath || task.errorCode === OUTPUT_REFUSED) return "skipped";
  const log = logger().child({ taskId, provider: task.provider });
  const attempt = await countArchiveAttempt(db, taskId);
  let temporary: string | undefined;
  try {
    const output = await openTaskOutput(task, { limits: options.limits });
    const relative = path.posix.join("media", `${task.id}.${OUTPUT_TYPES[output.mime].extension}`);
    const target = absolutePath(relative);
    await ensurePrivateDir(path.dirname(target));
    temporary = `${target}.${randomUUID()}.part`;
    const hash = createHash("sha256");
    let bytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    await pipeline(output.body, measure, fs.createWriteStream(temporary, { mode: 0o600 }));
    if (bytes === 0) throw new FetchFailed("the provider's file was empty");
    await fsp.rename(temporary, target);
    temporary = undefined;
    const sha256 = hash.digest("hex");
    await updateTask(db, task.id, {
      mediaPath: relative,
      mediaMime: output.mime,
      mediaBytes: bytes,
      mediaSha256: sha256,
      updatedAt: new Date(),
    });
    await recordEvent(db, task.id, {
      source: "system",
      kind: "archive",
      message: `Saved a copy of the output in Cutroom's storage (${formatBytes(bytes)}).`,
      detail: { bytes, sha256, mime: output.mime, attempt },
    });
    log.info({ event: "media_archived", bytes, attempt }, "output archived");
    await addPoster(db, task.id, relative, output.mime);
    return "archived";
  } catch (error) {
    if (temporary) await fsp.rm(temporary, { force: true });
    const reason = error instanceof Error ? error.message : "unknown error";
    if (error instanceof FetchRefused) {
      await refuseOutput(db, task.id, reason, attempt);
      log.warn({ event: "media_archive_refused", attempt, reason }, "refused the provider's output");
      return "refused";
    }
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

/** Marks the output as refused for good, so it is neither copied nor relayed, and says why on the timeline. */
async function refuseOutput(db: Db, taskId: string, reason: string, attempt: number): Promise<void> {
  const message = `Cutroom refused the provider's output: ${reason}. Nothing was saved, and it will not be shown.`;
  await updateTask(db, taskId, {
    errorCode: OUTPUT_REFUSED,
    errorMessage: message,
    archiveAttempts: MAX_ARCHIVE_ATTEMPTS,
    updatedAt: new Date(),
  });
  await recordEvent(db, taskId, { source: "system", kind: "archive", message, detail: { attempt, refused: true } });
}
