// POST /api/share/:token/review - an outside viewer approves an output the link opens or asks for changes
// ({ taskId, state, name, note }), when the link allows it (no account; rate-limited per link)
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { reviewThroughShare } from "@/lib/server/shares/service";
import { externalReviewBodySchema } from "@/lib/shared/review";
import { shareTokenParams } from "@/lib/shared/share-params";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

export const POST = handle<Context>(async (request, context) => {
  const { token } = readParams(await context.params, shareTokenParams);
  const body = await readJson(request, externalReviewBodySchema, 16 * 1024);
  return json({ review: await reviewThroughShare(await db(), token, body) });
});
