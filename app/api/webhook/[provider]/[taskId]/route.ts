// POST /api/webhook/aivideomaker/:taskId?token=... - AIVideoMaker's status callback for one task
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { receiveWebhook } from "@/lib/server/webhooks/receive";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ taskId: string }> };

// Providers call from their own servers, so the same-origin check does not apply; the per-task
// token in the URL is what authenticates the call.
export const POST = handle<Context>(
  async (request, context) => {
    const { taskId } = await context.params;
    const token = new URL(request.url).searchParams.get("token");
    const receipt = await receiveWebhook(await db(), "aivideomaker", taskId, token, request);
    return json(receipt, { status: receipt.outcome === "accepted" ? 202 : 200 });
  },
  { crossSite: true },
);
