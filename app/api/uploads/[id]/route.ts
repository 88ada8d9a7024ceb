// GET /api/uploads/:id - an image the signed-in user may use: their own, or one a team task used
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { fileResponse } from "@/lib/server/http/file-response";
import { MEDIA_SECURITY_HEADERS } from "@/lib/server/http/media-headers";
import { handle } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { findUsableUpload } from "@/lib/server/uploads/service";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(
  async (request, context) => {
    const user = await requireUser(request);
    const { id } = readParams(await context.params, taskIdSchema);
    const upload = await findUsableUpload(await db(), user.id, id);
    if (!upload) throw notFound("That image");
    return fileResponse(request, {
      key: upload.storagePath,
      mime: upload.mime,
      filename: upload.storagePath.split("/").pop()!,
      download: false,
    });
  },
  { headers: MEDIA_SECURITY_HEADERS },
);
