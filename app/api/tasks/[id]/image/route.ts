// GET /api/tasks/:id/image[?upload=<id>] - an image a task was generated from (visible to whoever can see the task)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findVisibleTask } from "@/lib/server/db/queries/tasks";
import { notFound } from "@/lib/server/errors";
import { fileResponse } from "@/lib/server/http/file-response";
import { MEDIA_SECURITY_HEADERS } from "@/lib/server/http/media-headers";
import { handle } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { findUpload } from "@/lib/server/uploads/service";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(
  async (request, context) => {
    await requireUser(request);
    const { id } = readParams(await context.params, taskIdSchema);
    const database = await db();
    const task = await findVisibleTask(database, id);
    // One of the input's uploads (?upload=<id>), or its first, whatever field it came in.
    const asked = new URL(request.url).searchParams.get("upload");
    const uploadId = asked ? task?.inputUploadIds.find((id) => id === asked) : task?.inputUploadIds[0];
    const upload = uploadId ? await findUpload(database, uploadId) : undefined;
    if (!upload) throw notFound("That image");
    return fileResponse(request, {
      key: upload.storagePath,
      mime: upload.mime,
      filename: `input-${id.slice(0, 8)}.${upload.storagePath.split(".").pop()}`,
      download: false,
    });
  },
  { headers: MEDIA_SECURITY_HEADERS },
);
