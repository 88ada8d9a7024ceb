import "server-only";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import type { Db } from "../db";
import type { Upload } from "../db/schema";
import { findTask, findVisibleTask } from "../db/queries/tasks";
import { AppError, notFound } from "../errors";
import { readStoredFile, storage } from "../storage/files";
import { OUTPUT_TYPES, hasOutputProblem, isOutputMime } from "../storage/media-types";
import { untrustedInput } from "../storage/posters";
import { saveUpload } from "../uploads/service";
import { archiveTask } from "./archive";

// "Use as input": a result becomes the image of the next task. An image result is stored again as
// an upload of the person who asked (uploads are per person; the task's file stays the task's); a
// video result gives its last frame, extracted here by ffmpeg, so the next clip starts where this
// one ended. Either way the bytes go through saveUpload, which decodes and re-encodes them like any
// upload: a provider's file is input like any other.

const run = promisify(execFile);

export type ResultInput = { upload: Upload; source: "image" | "last-frame" };

export async function resultAsInput(db: Db, userId: string, taskId: string): Promise<ResultInput> {
  // Tasks are the team's: a teammate's result may be the start of my next one, as a Re-run may.
  let task = await findVisibleTask(db, taskId);
  if (!task) throw notFound("That task");
  // A result that just finished may still play from the provider's link: copy it now (the same
  // checked copy the archiver makes), rather than make the person wait for the next pass.
  if (task.state === "succeeded" && !task.mediaPath && task.outputUrl && !hasOutputProblem(task.errorCode)) {
    await archiveTask(db, task.id);
    task = (await findTask(db, taskId))!;
  }
  if (task.state !== "succeeded" || !task.mediaPath || !isOutputMime(task.mediaMime) || hasOutputProblem(task.errorCode)) {
    throw new AppError("CONFLICT", "This task has no stored result to use as an input.");
  }
  const type = OUTPUT_TYPES[task.mediaMime];
  const label = task.promptText.trim().slice(0, 80) || "an earlier task";
  if (type.demuxer === null) {
    const upload = await saveUpload(db, userId, await readStoredFile(task.mediaPath), `Result of ${label}.${type.extension}`);
    return { upload, source: "image" };
  }
  const frame = await storage().withLocalFile(task.mediaPath, (file) => lastFrame(file, type.demuxer));
  const upload = await saveUpload(db, userId, frame, `Last frame of ${label}.png`);
  return { upload, source: "last-frame" };
}

/**
 * The video's last frame as a PNG. ffmpeg seeks to a second before the end and keeps overwriting
 * one image (`-update 1`) until the stream ends, so what is left is the final decoded frame, also
 * for clips shorter than a second. Input is read as its sniffed container from a local file only.
 */
async function lastFrame(file: string, demuxer: string): Promise<Buffer> {
  const target = path.join(tmpdir(), `cutroom-frame-${randomUUID()}.png`);
  try {
    await run(
      ffmpeg.path,
      ["-hide_banner", "-loglevel", "error", "-sseof", "-1", ...untrustedInput(file, demuxer), "-update", "1", "-an", "-y", target],
      { timeout: 60_000 },
    );
    return await readFile(target);
  } catch (error) {
    throw new AppError("CONFLICT", "The last frame of this video could not be read.", { cause: error });
  } finally {
    await rm(target, { force: true });
  }
}
