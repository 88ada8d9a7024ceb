// GET /api/downloads/zip?ids=<id,id,...> or ?project=<id> - those outputs (or a project's) as one zip, streamed,
// with manifest.csv (any teammate: the team's outputs are shared, read-only)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { outputsZip } from "@/lib/server/downloads/zip";
import { contentDisposition } from "@/lib/server/http/file-response";
import { handle } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { zipQuerySchema } from "@/lib/shared/downloads";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireUser(request);
  const query = readQuery(request, zipQuerySchema);
  const zip = await outputsZip(await db(), query.ids ? { ids: query.ids } : { project: query.project! });
  return new Response(zip.body, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": contentDisposition("attachment", zip.filename),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
