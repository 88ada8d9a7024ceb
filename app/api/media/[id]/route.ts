// GET /api/media/:taskId - a finished task's output (archived copy, with Range); ?download=1 saves it
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { MEDIA_SECURITY_HEADERS } from "@/lib/server/http/media-headers";
import { handle } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { serveTaskMedia } from "@/lib/server/storage/serve-media";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(
  async (request, context) => {
    await requireUser(request);
    const { id } = readParams(await context.params, taskIdSchema);
    const download = new URL(request.url).searchParams.get("download") === "1";
    return serveTaskMedia(await db(), request, id, { download });
  },
  { headers: MEDIA_SECURITY_HEADERS },
);
