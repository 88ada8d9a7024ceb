// GET /api/media/:taskId - a finished task's output (archived copy, with Range); ?download=1 saves it
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findTask } from "@/lib/server/db/queries/tasks";
import { AppError, notFound } from "@/lib/server/errors";
import { contentDisposition, fileResponse } from "@/lib/server/http/file-response";
import { handle } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { absolutePath } from "@/lib/server/storage/files";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(async (request, context) => {
  await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const task = await findTask(await db(), id);
  if (!task || task.state !== "succeeded") throw notFound("That video");
  const download = new URL(request.url).searchParams.get("download") === "1";
  const extension = task.mediaPath?.split(".").pop() ?? "mp4";
  const filename = `cutroom-${task.model}-${task.id.slice(0, 8)}.${extension}`;
  if (task.mediaPath) {
    return fileResponse(request, { path: absolutePath(task.mediaPath), mime: task.mediaMime ?? "video/mp4", filename, download });
  }
  if (!task.outputUrl) throw notFound("That video");
  // Not archived yet (or archiving failed): stream it from the provider, passing the Range through.
  // The timeout covers only the wait for the answer's headers, not the (long) stream after them.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 20_000);
  const upstream = await fetch(task.outputUrl, {
    headers: request.headers.get("range") ? { range: request.headers.get("range")! } : {},
    signal: controller.signal,
  })
    .catch(() => null)
    .finally(() => clearTimeout(timer));
  const upstreamType = upstream?.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
  if (!upstream || !upstream.ok || !upstream.body) {
    throw new AppError("PROVIDER_UNAVAILABLE", "The provider no longer serves this video and Cutroom has no copy of it.");
  }
  // Only media is served from our origin: anything else (an HTML error page, say) is refused.
  if (!/^(video|image)\//.test(upstreamType) && upstreamType !== "application/octet-stream") {
    await upstream.body.cancel();
    throw new AppError("PROVIDER_UNAVAILABLE", "The provider answered with something that is not a video.");
  }
  const headers = new Headers({
    "content-type": /^(video|image)\//.test(upstreamType) ? upstreamType : (task.mediaMime ?? "video/mp4"),
    "content-disposition": contentDisposition(download ? "attachment" : "inline", filename),
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  });
  for (const name of ["content-length", "content-range", "accept-ranges"]) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers });
});
