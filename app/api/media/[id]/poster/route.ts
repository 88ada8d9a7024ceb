// GET /api/media/:taskId/poster - a still of a finished task's output (JPEG), for lists and the gallery
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findTask } from "@/lib/server/db/queries/tasks";
import { notFound } from "@/lib/server/errors";
import { fileResponse } from "@/lib/server/http/file-response";
import { MEDIA_SECURITY_HEADERS } from "@/lib/server/http/media-headers";
import { handle } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { absolutePath } from "@/lib/server/storage/files";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(
  async (request, context) => {
    await requireUser(request);
    const { id } = readParams(await context.params, taskIdSchema);
    const task = await findTask(await db(), id);
    if (!task?.posterPath || task.state !== "succeeded") throw notFound("That poster");
    // A poster never changes once made, so browsers may keep it for a day.
    return fileResponse(request, {
      path: absolutePath(task.posterPath),
      mime: "image/jpeg",
      filename: `cutroom-${task.id.slice(0, 8)}.jpg`,
      download: false,
      cacheControl: "private, max-age=86400, immutable",
    });
  },
  { headers: MEDIA_SECURITY_HEADERS },
);
