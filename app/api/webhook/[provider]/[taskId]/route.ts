// POST /api/webhook/:provider/:taskId?token=... - a provider's status callback for one task
// (AIVideoMaker's webhookUrl, APIDot's callback_url). skills.video signs its deliveries instead and
// has its own receiver at /api/webhook/skills-video.
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http/respond";
import { receiveWebhook } from "@/lib/server/webhooks/receive";

export const dynamic = "force-dynamic";

/** The providers that are given a per-task callback URL with a token. */
const TOKEN_PROVIDERS = new Set(["aivideomaker", "apidot"]);

type Context = { params: Promise<{ provider: string; taskId: string }> };

// Providers call from their own servers, so the same-origin check does not apply; the per-task
// token in the URL is what authenticates the call.
export const POST = handle<Context>(
  async (request, context) => {
    const { provider, taskId } = await context.params;
    if (!TOKEN_PROVIDERS.has(provider)) throw notFound("That webhook");
    const token = new URL(request.url).searchParams.get("token");
    const receipt = await receiveWebhook(await db(), provider, taskId, token, request);
    return json(receipt, { status: receipt.outcome === "accepted" ? 202 : 200 });
  },
  { crossSite: true },
);
