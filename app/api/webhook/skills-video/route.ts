// POST /api/webhook/skills-video - skills.video's signed webhooks (the endpoint set in its dashboard)
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { receiveSkillsVideoWebhook } from "@/lib/server/webhooks/receive-signed";

export const dynamic = "force-dynamic";

// Sent from the provider's servers, so the same-origin check does not apply; the Standard Webhooks
// signature is what authenticates the call.
export const POST = handle(
  async (request) => {
    const receipt = await receiveSkillsVideoWebhook(await db(), request);
    return json(receipt, { status: receipt.outcome === "accepted" ? 202 : 200 });
  },
  { crossSite: true },
);
