import type { Metadata } from "next";
import { Suspense } from "react";
import { ApprovalsPanel } from "@/components/admin/approvals-panel";
import { PageHeading } from "@/components/ui/page-heading";
import { TaskTable } from "@/components/tasks/task-table";
import { requirePageAdmin } from "@/lib/server/auth/page-guard";
import { IN_FLIGHT_STATES } from "@/lib/shared/tasks";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Queue" };

export default async function QueuePage() {
  await requirePageAdmin("/admin/queue");
  return (
    <div className="space-y-6">
      <PageHeading
        title="Queue"
        description="Tasks waiting for approval, and every unfinished task of every teammate. Select queued ones to cancel them together."
      />
      <ApprovalsPanel />
      <Suspense>
        <TaskTable selectable states={IN_FLIGHT_STATES} emptyText="No task is pending, queued or running." />
      </Suspense>
    </div>
  );
}
