// GET /api/media/:taskId/poster - a still of a finished task's output (JPEG), for lists and the gallery
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { MEDIA_SECURITY_HEADERS } from "@/lib/server/http/media-headers";
import { handle } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { serveTaskPoster } from "@/lib/server/storage/serve-media";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(
  async (request, context) => {
    await requireUser(request);
    const { id } = readParams(await context.params, taskIdSchema);
    return serveTaskPoster(await db(), request, id);
  },
  { headers: MEDIA_SECURITY_HEADERS },
);
