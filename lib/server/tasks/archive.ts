import "server-only";
import { metrics } from "../metrics/registry";
import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Db } from "../db";
import type { Task } from "../db/schema";
import { countArchiveAttempt, findTask, updateTask } from "../db/queries/tasks";
import { sendJob } from "../jobs/engine";
import { logger } from "../logger";
import { FetchFailed, FetchRefused, type FetchLimits } from "../http/safe-fetch";
import { storage } from "../storage/files";
import { OUTPUT_GONE, OUTPUT_REFUSED, OUTPUT_TYPES, OUTPUT_UNREADABLE, hasOutputProblem } from "../storage/media-types";
import { makePoster, unplayableReason } from "../storage/posters";
import { openTaskOutput } from "../storage/provider-output";
import { formatBytes } from "@/lib/shared/format";
import { recordEvent } from "./state-machine";

// Providers keep outputs for a short time (AIVideoMaker: 24 hours), so a finished task's file is
// copied into Cutroom's storage and served from there. The download streams to disk through a
// SHA-256 hash, never held whole in memory, via the guarded output fetcher (public addresses only,
// a size cap, timeouts on silence rather than on length). An output that can never be accepted (a
// private address, a type that is not a video or image, too large) is refused for good: the task
// says so and nothing is written. What is copied is checked to be a real video (with a length) or
// image; one that is not is kept out of sight with the reason. Other failures are tried again with
// a growing wait; an output the provider no longer has, or that cannot be copied in all the tries,
// ends as "gone". Each of these is a distinct, visible outcome with a Re-check.

/** Attempts after which the copy is given up; a refused output is set to it. */
export const MAX_ARCHIVE_ATTEMPTS = 6;
/** "Not found" answers for the output after which it is taken to be gone. */
const GONE_AFTER = 3;
export const MAX_POSTER_ATTEMPTS = 3;

/** A minute, then doubling, at most an hour. */
const backoffMs = (attempt: number) => Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 60 * 60_000);

/** Queues the copy of a task's output; one waiting job per task, however often it is asked. */
export async function scheduleArchive(taskId: string): Promise<void> {
  await sendJob("archive", { taskId }, { singletonKey: taskId });
}

/**
 * Makes the still for an archived output, from a local copy of it (the staged download, or one
 * read back from storage), and says what to record. A failure is logged and tried again later, a
 * few times at most: the output itself is safe, and lists show a placeholder instead.
 */
async function posterUpdate(
  task: Pick<Task, "id" | "posterAttempts">,
  mediaPath: string,
  mime: string,
  localCopy?: string,
): Promise<Partial<Task>> {
  if (task.posterAttempts >= MAX_POSTER_ATTEMPTS) return {};
  const attempt = task.posterAttempts + 1;
  try {
    const poster = localCopy
      ? await makePoster(localCopy, mediaPath, mime)
      : await storage().withLocalFile(mediaPath, (file) => makePoster(file, mediaPath, mime));
    return { posterPath: poster.posterPath, mediaWidth: poster.width, mediaHeight: poster.height, posterAttempts: attempt };
  } catch (error) {
    logger().warn(
      { event: "poster_failed", taskId: task.id, attempt, reason: (error as Error).message.split("\n")[0] },
      "could not make a poster",
    );
    return { posterAttempts: attempt, archiveRetryAt: new Date(Date.now() + backoffMs(attempt)) };
  }
}

/** The copy is not a real video or image: thrown once the bytes are on disk and have been probed. */
class Unplayable extends Error {}

type ArchiveOutcome = "archived" | "skipped" | "refused" | "unreadable" | "gone" | "retry";

export async function archiveTask(db: Db, taskId: string, options: { limits?: Partial<FetchLimits> } = {}): Promise<ArchiveOutcome> {
  const outcome = await archiveOnce(db, taskId, options);
  if (outcome !== "skipped") metrics().archives.inc({ outcome });
  return outcome;
}

async function archiveOnce(db: Db, taskId: string, options: { limits?: Partial<FetchLimits> }): Promise<ArchiveOutcome> {
  const task = await findTask(db, taskId);
  // A deleted output is left alone: its files are on their way out, not to be made again.
  if (task?.deletedAt) return "skipped";
  if (task?.state === "succeeded" && task.mediaPath && !task.posterPath) {
    const update = await posterUpdate(task, task.mediaPath, task.mediaMime ?? "video/mp4");
    if (Object.keys(update).length > 0) await updateTask(db, task.id, update);
    return "skipped";
  }
  if (!task || task.state !== "succeeded" || !task.outputUrl || task.mediaPath || hasOutputProblem(task.errorCode)) return "skipped";
  const log = logger().child({ taskId, provider: task.provider });
  const attempt = await countArchiveAttempt(db, taskId);
  let temporary: string | undefined;
  try {
    const output = await openTaskOutput(task, { limits: options.limits });
    const relative = path.posix.join("media", `${task.id}.${OUTPUT_TYPES[output.mime].extension}`);
    temporary = await storage().stagingFile(relative);
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
    const unplayable = await unplayableReason(temporary, output.mime);
    if (unplayable) throw new Unplayable(unplayable);
    // The poster is drawn from the staged copy while it is still on local disk (with a bucket, the
    // output is never read back for it), and recorded with the output.
    const poster = await posterUpdate(task, relative, output.mime, temporary);
    await storage().moveIn(relative, temporary, output.mime);
    temporary = undefined;
    const sha256 = hash.digest("hex");
    await updateTask(db, task.id, {
      mediaPath: relative,
      mediaMime: output.mime,
      mediaBytes: bytes,
      mediaSha256: sha256,
      updatedAt: new Date(),
      ...poster,
    });
    await recordEvent(db, task.id, {
      source: "system",
      kind: "archive",
      message: `Saved a copy of the output in Cutroom's storage (${formatBytes(bytes)}).`,
      detail: { bytes, sha256, mime: output.mime, attempt },
    });
    log.info({ event: "media_archived", bytes, attempt }, "output archived");
    metrics().archiveBytes.inc(bytes);
    return "archived";
  } catch (error) {
    if (temporary) await fsp.rm(temporary, { force: true });
    const reason = error instanceof Error ? error.message : "unknown error";
    if (error instanceof FetchRefused) {
      await markOutput(
        db,
        task.id,
        OUTPUT_REFUSED,
        `Cutroom refused the provider's output: ${reason}. Nothing was saved, and it will not be shown.`,
        attempt,
      );
      log.warn({ event: "media_archive_refused", attempt, reason }, "refused the provider's output");
      return "refused";
    }
    if (error instanceof Unplayable) {
      await markOutput(
        db,
        task.id,
        OUTPUT_UNREADABLE,
        `The provider's file is not a playable ${task.outputKind ?? "video"}: ${reason}. It was not kept.`,
        attempt,
      );
      log.warn({ event: "media_unreadable", attempt }, "the provider's output is not playable");
      return "unreadable";
    }
    const missing = error instanceof FetchFailed && (error.httpStatus === 404 || error.httpStatus === 410);
    if ((missing && attempt >= GONE_AFTER) || attempt >= MAX_ARCHIVE_ATTEMPTS) {
      const message = missing
        ? `The provider no longer has the output (${reason}), so Cutroom has no copy of it.`
        : `Cutroom could not copy the output in ${attempt} tries (the last: ${reason}), so it has no copy of it.`;
      await markOutput(db, task.id, OUTPUT_GONE, message, attempt);
      log.warn({ event: "media_gone", attempt }, "gave up copying the output");
      return "gone";
    }
    const waitMs = backoffMs(attempt);
    await updateTask(db, task.id, { archiveRetryAt: new Date(Date.now() + waitMs) });
    await recordEvent(db, task.id, {
      source: "system",
      kind: "archive",
      message: `Could not copy the output yet (${reason}); Cutroom tries again in ${Math.round(waitMs / 60_000)} min (try ${attempt} of ${MAX_ARCHIVE_ATTEMPTS}).`,
      detail: { attempt },
    });
    log.warn({ event: "media_archive_failed", attempt, reason }, "could not archive output");
    return "retry";
  }
}

/** Ends the copy for good with a visible reason (the task says why, and offers a Re-check). */
async function markOutput(db: Db, taskId: string, code: string, message: string, attempt: number): Promise<void> {
  await updateTask(db, taskId, {
    errorCode: code,
    errorMessage: message,
    archiveAttempts: MAX_ARCHIVE_ATTEMPTS,
    archiveRetryAt: null,
    updatedAt: new Date(),
  });
  await recordEvent(db, taskId, { source: "system", kind: "archive", message, detail: { attempt, outcome: code } });
}
