import type { Metadata } from "next";
import { ProvidersPanel } from "@/components/admin/providers-panel";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageAdmin } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Providers" };

export default async function ProvidersPage() {
  await requirePageAdmin("/admin/providers");
  return (
    <div className="space-y-6">
      <PageHeading
        title="Providers"
        description="Whether each provider is live or the sandbox, how it is doing, and how much of its call budget is in use."
      />
      <ProvidersPanel />
    </div>
  );
}
