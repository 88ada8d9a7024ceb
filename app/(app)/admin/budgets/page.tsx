import type { Metadata } from "next";
import { AlertsPanel } from "@/components/admin/alerts-panel";
import { BudgetsPanel } from "@/components/admin/budgets-panel";
import { ModelAccessPanel } from "@/components/admin/model-access-panel";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageAdmin } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { listUsers } from "@/lib/server/db/queries/users";
import { modelOptionsFor } from "@/lib/server/models/member-options";
import { toUserView } from "@/lib/server/users/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Budgets" };

export default async function BudgetsPage() {
  const admin = await requirePageAdmin("/admin/budgets");
  const [users, models] = await Promise.all([listUsers(await db()).then((rows) => rows.map(toUserView)), modelOptionsFor(admin)]);
  return (
    <div className="space-y-6">
      <PageHeading
        title="Budgets"
        description="Limits per provider, in its credits: a create that would pass one is refused before anything is sent or charged. Days and months are UTC."
      />
      <BudgetsPanel initialUsers={users} models={models} />
      <ModelAccessPanel users={users} models={models} />
      <AlertsPanel />
    </div>
  );
}
