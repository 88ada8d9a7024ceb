import type { Metadata } from "next";
import { DeletedOutputs } from "@/components/admin/deleted-outputs";
import { RetentionCard } from "@/components/admin/retention-card";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageAdmin } from "@/lib/server/auth/page-guard";
import { env } from "@/lib/server/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Deleted outputs" };

export default async function DeletedOutputsPage() {
  await requirePageAdmin("/admin/deleted");
  const hours = env().DELETE_GRACE_HOURS;
  return (
    <div className="space-y-6">
      <PageHeading
        title="Deleted outputs"
        description={`Gone from every view; their files are kept ${hours >= 24 ? `${Math.round(hours / 24)} days` : `${hours} hours`} (DELETE_GRACE_HOURS), and until then an output can be restored.`}
      />
      <RetentionCard />
      <DeletedOutputs />
    </div>
  );
}
