import type { Metadata } from "next";
import { ProjectsList } from "@/components/projects/projects-list";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { listProjects } from "@/lib/server/projects/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await requirePageUser("/projects");
  const projects = await listProjects(await db(), user);
  return (
    <div className="space-y-6">
      <PageHeading title="Projects" description="The team's work, grouped: each project's outputs on one board." />
      <ProjectsList initial={projects} />
    </div>
  );
}
