import type { Metadata } from "next";
import { PageHeading } from "@/components/ui/page-heading";
import Link from "next/link";
import { Suspense } from "react";
import { TaskTable } from "@/components/tasks/task-table";
import { buttonClass } from "@/components/ui/button";
import { requirePageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Tasks" };

export default async function TasksPage() {
  const user = await requirePageUser("/tasks");
  return (
    <div className="space-y-6">
      <PageHeading
        title="Tasks"
        description="Everything your team has generated. Filters stay in the address, so you can share a view."
        actions={
          <Link href="/generate" className={buttonClass("primary", "md")}>
            New video
          </Link>
        }
      />
      <Suspense>
        <TaskTable selectable={user.role === "admin"} />
      </Suspense>
    </div>
  );
}
