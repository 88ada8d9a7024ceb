// POST /api/webhook/:provider/:taskId?token=... - a provider's callback for one task (token kind:
// AIVideoMaker's webhookUrl, APIDot's callback_url)
// POST /api/webhook/:provider - a provider's signed deliveries to its one endpoint (skills.video)
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http/respond";
import { findDescriptor } from "@/lib/server/providers/registry";
import { receiveTokenWebhook } from "@/lib/server/webhooks/receive";
import { receiveSignedWebhook } from "@/lib/server/webhooks/receive-signed";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ provider: string; taskId?: string[] }> };

// Providers call from their own servers, so the same-origin check does not apply; the per-task
// token in the URL, or the provider's signature, is what authenticates the call.
export const POST = handle<Context>(
  async (request, context) => {
    const { provider, taskId = [] } = await context.params;
    const descriptor = findDescriptor(provider);
    if (!descriptor) throw notFound("That webhook");
    const { webhook } = descriptor;
    let receipt;
    if (webhook.kind === "token" && taskId.length === 1) {
      const token = new URL(request.url).searchParams.get("token");
      receipt = await receiveTokenWebhook(await db(), { id: descriptor.id, webhook }, taskId[0]!, token, request);
    } else if (webhook.kind === "signed" && taskId.length === 0) {
      receipt = await receiveSignedWebhook(await db(), { id: descriptor.id, label: descriptor.label, webhook }, request);
    } else {
      throw notFound("That webhook");
    }
    return json(receipt, { status: receipt.outcome === "accepted" ? 202 : 200 });
  },
  { crossSite: true },
);
