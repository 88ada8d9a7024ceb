// POST /api/shares - make a share link to an output ({ taskId }, its owner or an admin) or a project's board
// ({ projectId }, whoever started it or an admin), answered with its `url` (shown this once); GET ?taskId= or
// ?projectId= - that object's links (any teammate; never their tokens)
import * as z from "zod/mini";
import { actorOf } from "@/lib/server/audit/log";
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { publicOrigin } from "@/lib/server/http/client-info";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readQuery } from "@/lib/server/http/parse";
import { createShare, listShares, shareUrl } from "@/lib/server/shares/service";
import { createShareSchema } from "@/lib/shared/shares";

export const dynamic = "force-dynamic";

const querySchema = z.union([
  z.strictObject({ taskId: z.uuid({ error: "Not a task." }) }),
  z.strictObject({ projectId: z.uuid({ error: "Not a project." }) }),
]);

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  const only = readQuery(request, querySchema);
  return json({ shares: await listShares(await db(), user, only) });
});

export const POST = handle(async (request) => {
  const user = await requireUser(request);
  const input = await readJson(request, createShareSchema);
  const { share, token } = await createShare(await db(), actorOf(request, user), input);
  return json({ share, url: shareUrl(publicOrigin(request), token) }, { status: 201 });
});
