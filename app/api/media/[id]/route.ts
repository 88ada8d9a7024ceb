// GET /api/media/:taskId - a finished task's output (archived copy, with Range); ?download=1 saves it
import { Readable } from "node:stream";
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findTask } from "@/lib/server/db/queries/tasks";
import { AppError, notFound } from "@/lib/server/errors";
import { contentDisposition, fileResponse } from "@/lib/server/http/file-response";
import { MEDIA_SECURITY_HEADERS } from "@/lib/server/http/media-headers";
import { handle } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { FetchRefused } from "@/lib/server/http/safe-fetch";
import { absolutePath } from "@/lib/server/storage/files";
import { OUTPUT_REFUSED, isOutputMime } from "@/lib/server/storage/media-types";
import { openTaskOutput } from "@/lib/server/storage/provider-output";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(
  async (request, context) => {
    await requireUser(request);
    const { id } = readParams(await context.params, taskIdSchema);
    const task = await findTask(await db(), id);
    if (!task || task.state !== "succeeded") throw notFound("That video");
    const download = new URL(request.url).searchParams.get("download") === "1";
    const extension = task.mediaPath?.split(".").pop() ?? "mp4";
    const filename = `cutroom-${task.model}-${task.id.slice(0, 8)}.${extension}`;
    if (task.mediaPath) {
      // The type was decided from the bytes when the copy was made; anything else is only bytes.
      const mime = isOutputMime(task.mediaMime) ? task.mediaMime : "application/octet-stream";
      return fileResponse(request, { path: absolutePath(task.mediaPath), mime, filename, download });
    }
    if (task.errorCode === OUTPUT_REFUSED)
      throw new AppError("PROVIDER_UNAVAILABLE", "Cutroom refused this task's output and has no copy of it.");
    if (!task.outputUrl) throw notFound("That video");
    // Not archived yet (or archiving failed): relay it from the provider through the same guarded
    // fetcher as the archive, passing the Range on so players can seek.
    const output = await openTaskOutput(task, { range: request.headers.get("range") }).catch((error: unknown) => {
      throw new AppError(
        "PROVIDER_UNAVAILABLE",
        error instanceof FetchRefused
          ? "Cutroom will not serve the provider's file for this task."
          : "The provider no longer serves this video and Cutroom has no copy of it.",
        { cause: error },
      );
    });
    const headers = new Headers({
      ...output.headers,
      "content-type": output.mime,
      "content-disposition": contentDisposition(download ? "attachment" : "inline", filename),
      "cache-control": "private, no-store",
    });
    return new Response(Readable.toWeb(output.body) as ReadableStream<Uint8Array>, { status: output.status, headers });
  },
  { headers: MEDIA_SECURITY_HEADERS },
);
