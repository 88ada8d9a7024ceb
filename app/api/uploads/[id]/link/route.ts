// GET /api/uploads/:id/link?expires=...&sig=... - one uploaded image, for a provider that fetches
// images by URL (APIDot). No session: the signed, expiring link is the permission.
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { fileResponse } from "@/lib/server/http/file-response";
import { MEDIA_SECURITY_HEADERS } from "@/lib/server/http/media-headers";
import { handle } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { checkUploadLink } from "@/lib/server/uploads/links";
import { findUpload } from "@/lib/server/uploads/service";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(
  async (request, context) => {
    const { id } = readParams(await context.params, taskIdSchema);
    const query = new URL(request.url).searchParams;
    const check = checkUploadLink(id, query.get("expires"), query.get("sig"));
    // A forged link learns nothing, not even whether the upload exists.
    if (check === "invalid") throw notFound("That image");
    if (check === "expired") throw new AppError("FORBIDDEN", "This image link has expired.");
    const upload = await findUpload(await db(), id);
    if (!upload) throw notFound("That image");
    const response = await fileResponse(request, {
      key: upload.storagePath,
      mime: upload.mime,
      filename: upload.storagePath.split("/").pop()!,
      download: false,
    });
    response.headers.set("cache-control", "private, no-store");
    response.headers.set("x-robots-tag", "noindex");
    return response;
  },
  { crossSite: true, headers: MEDIA_SECURITY_HEADERS },
);
