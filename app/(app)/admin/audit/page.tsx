import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLog } from "@/components/admin/audit-log";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageAdmin } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage() {
  await requirePageAdmin("/admin/audit");
  return (
    <div className="space-y-6">
      <PageHeading
        title="Audit log"
        description="Who signed in, who changed whom, and every admin action on tasks and models: kept for good, never edited."
      />
      <Suspense>
        <AuditLog />
      </Suspense>
    </div>
  );
}
