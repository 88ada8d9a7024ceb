import type { Metadata } from "next";
import { WebhookInbox } from "@/components/admin/webhook-inbox";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageAdmin } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhook inbox" };

export default async function WebhookInboxPage() {
  await requirePageAdmin("/admin/webhooks");
  return (
    <div className="space-y-6">
      <PageHeading
        title="Webhook inbox"
        description="Recent provider callbacks: whether they checked out, which task they matched and what came of them."
      />
      <WebhookInbox />
    </div>
  );
}
