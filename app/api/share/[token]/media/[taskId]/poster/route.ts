// GET /api/share/:token/media/:taskId/poster - the still of an output a live share link opens (no account)
import { db } from "@/lib/server/db";
import { MEDIA_SECURITY_HEADERS } from "@/lib/server/http/media-headers";
import { handle } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { openShare, sharedTask } from "@/lib/server/shares/service";
import { notFound } from "@/lib/server/errors";
import { serveTaskPoster } from "@/lib/server/storage/serve-media";
import { shareMediaParams } from "@/lib/shared/share-params";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string; taskId: string }> };

export const GET = handle<Context>(
  async (request, context) => {
    const { token, taskId } = readParams(await context.params, shareMediaParams);
    const database = await db();
    const link = await openShare(database, token);
    if (!link) throw notFound("That link");
    await sharedTask(database, link, taskId);
    return serveTaskPoster(database, request, taskId);
  },
  { headers: MEDIA_SECURITY_HEADERS },
);
