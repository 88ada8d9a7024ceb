import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense, cache } from "react";
import { ProjectBoard } from "@/components/projects/project-board";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { getProject } from "@/lib/server/projects/service";
import { readGalleryFirstPage } from "@/lib/server/tasks/read";
import { galleryFiltersSchema, type GalleryFilters } from "@/lib/shared/gallery";
import { shortTitle } from "@/lib/shared/format";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const projectFor = cache(async (id: string) => {
  const user = await requirePageUser(`/projects/${id}`);
  if (!taskIdSchema.safeParse({ id }).success) return null;
  const project = await getProject(await db(), user, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  return project ? { user, project } : null;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await projectFor((await params).id);
  return { title: found ? shortTitle(found.project.name) : "Project" };
}

export default async function ProjectPage({ params, searchParams }: Props) {
  const found = await projectFor((await params).id);
  if (!found) notFound();
  // The board's first page renders with the page, as the gallery's does (see gallery/page.tsx).
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const parsed = galleryFiltersSchema.safeParse(raw);
  const filters: GalleryFilters = { ...(parsed.success ? parsed.data : {}), project: found.project.id };
  const first = await readGalleryFirstPage(await db(), found.user.id, filters);
  return (
    <Suspense>
      <ProjectBoard initial={found.project} first={first} />
    </Suspense>
  );
}
