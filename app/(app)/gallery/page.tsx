import type { Metadata } from "next";
import { Suspense } from "react";
import { Gallery } from "@/components/gallery/gallery";
import { PageHeading } from "@/components/ui/page-heading";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { readGalleryFirstPage } from "@/lib/server/tasks/read";
import { galleryFiltersSchema, type GalleryFilters } from "@/lib/shared/gallery";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Gallery" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function GalleryPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser("/gallery");
  // The first page is read here and rendered with the page, so posters start loading with the HTML
  // instead of after the script has run and asked for them. A link with broken filters shows the
  // whole gallery, as the browser's own parsing of the address does.
  const raw = Object.fromEntries(
    Object.entries(await searchParams).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const parsed = galleryFiltersSchema.safeParse(raw);
  const filters: GalleryFilters = parsed.success ? parsed.data : {};
  const first = await readGalleryFirstPage(await db(), user.id, filters);
  return (
    <div className="space-y-6">
      <PageHeading title="Gallery" description="Every finished video. Hover to preview; click to watch or download." />
      <Suspense>
        <Gallery first={first} />
      </Suspense>
    </div>
  );
}
