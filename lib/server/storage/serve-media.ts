import "server-only";
import { Readable } from "node:stream";
import type { Db } from "../db";
import { findVisibleTask } from "../db/queries/tasks";
import { AppError, notFound } from "../errors";
import { contentDisposition, fileResponse } from "../http/file-response";
import { FetchRefused } from "../http/safe-fetch";
import { hasOutputProblem, isOutputMime } from "./media-types";
import { openTaskOutput } from "./provider-output";

// A finished task's output as an answer: the archived copy with Range support when there is one,
// else relayed from the provider through the same guarded fetcher as the archive (its type read
// from the bytes, the Range passed on so players can seek). The caller has checked the session.

export async function serveTaskMedia(db: Db, request: Request, taskId: string, options: { download: boolean }): Promise<Response> {
  const task = await findVisibleTask(db, taskId);
  if (!task || task.state !== "succeeded") throw notFound("That video");
  const extension = task.mediaPath?.split(".").pop() ?? "mp4";
  const filename = `cutroom-${task.model}-${task.id.slice(0, 8)}.${extension}`;
  if (task.mediaPath) {
    // The type was decided from the bytes when the copy was made; anything else is only bytes.
    const mime = isOutputMime(task.mediaMime) ? task.mediaMime : "application/octet-stream";
    return fileResponse(request, { key: task.mediaPath, mime, filename, download: options.download, redirect: true });
  }
  // A task whose output cannot be shown says so on its page; here it is simply not there.
  if (hasOutputProblem(task.errorCode)) throw new AppError("NOT_FOUND", task.errorMessage ?? "This task has no output to show.");
  if (!task.outputUrl) throw notFound("That video");
  const output = await openTaskOutput(task, { range: request.headers.get("range") }).catch((error: unknown) => {
    // Not copied yet, and the provider's file cannot be relayed just now: the copy is tried again
    // on its own schedule, and the task page shows what comes of it.
    throw new AppError(
      "NOT_FOUND",
      error instanceof FetchRefused
        ? "Cutroom will not serve the provider's file for this task."
        : "The provider is not serving this output right now, and Cutroom has no copy of it yet.",
      { cause: error },
    );
  });
  const headers = new Headers({
    ...output.headers,
    "content-type": output.mime,
    "content-disposition": contentDisposition(options.download ? "attachment" : "inline", filename),
    "cache-control": "private, no-store",
  });
  return new Response(Readable.toWeb(output.body) as ReadableStream<Uint8Array>, { status: output.status, headers });
}

/** A finished task's poster (JPEG), which never changes once made, so browsers may keep it a day. */
export async function serveTaskPoster(db: Db, request: Request, taskId: string): Promise<Response> {
  const task = await findVisibleTask(db, taskId);
  if (!task?.posterPath || task.state !== "succeeded") throw notFound("That poster");
  return fileResponse(request, {
    key: task.posterPath,
    mime: "image/jpeg",
    filename: `cutroom-${task.id.slice(0, 8)}.jpg`,
    download: false,
    cacheControl: "private, max-age=86400, immutable",
  });
}
