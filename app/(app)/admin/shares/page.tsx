import type { Metadata } from "next";
import { ShareLinksPanel } from "@/components/admin/share-links-panel";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageAdmin } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Share links" };

export default async function ShareLinksPage() {
  await requirePageAdmin("/admin/shares");
  return (
    <div className="space-y-6">
      <PageHeading
        title="Share links"
        description="Every read-only link the team has made for people outside it: what it opens, until when, how often it was opened. Revoke one and it answers “not found” from then on."
      />
      <ShareLinksPanel />
    </div>
  );
}
