// GET /api/gallery - the team's finished outputs, newest first: filters, search, Mine/Team, keyset pages
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { readGalleryPage } from "@/lib/server/tasks/read";
import { galleryQuerySchema } from "@/lib/shared/gallery";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  const { cursor, limit, ...filters } = readQuery(request, galleryQuerySchema);
  return json(await readGalleryPage(await db(), user.id, filters, { limit, cursor: cursor ?? null }));
});
