import type { Metadata } from "next";
import { Suspense } from "react";
import { UsageReportView } from "@/components/usage/usage-report";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { listUsers } from "@/lib/server/db/queries/users";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage() {
  const user = await requirePageUser("/usage");
  const admin = user.role === "admin";
  const people = admin ? (await listUsers(await db())).map((person) => ({ id: person.id, name: person.name })) : null;
  return (
    <div className="space-y-6">
      <PageHeading
        title="Usage"
        description={
          admin
            ? "What the team spent, per day, person, model and provider, in each provider's credits, with what is left of the budgets."
            : "What you spent, per day, model and provider, in each provider's credits, with what is left of your limits."
        }
      />
      <Suspense>
        <UsageReportView people={people} />
      </Suspense>
    </div>
  );
}
