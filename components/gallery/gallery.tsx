"use client";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { Clapperboard, SearchX, Star } from "lucide-react";
import Link from "next/link";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { DateFilter, FoldingFilters, ModelOptions, OwnerOptions, SearchBox, SelectFilter } from "@/components/filters/filter-controls";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { controlClass } from "@/components/ui/field";
import { isApiError } from "@/lib/client/api";
import { useGallery } from "@/lib/client/gallery";
import { dayToIso, isoToDay, type FiltersUpdate, useUrlFilters } from "@/lib/client/use-url-filters";
import { galleryFiltersSchema, galleryFiltersToParams, type GalleryFilters, type GalleryItem } from "@/lib/shared/gallery";
import { GalleryCard } from "./gallery-card";
import { Lightbox } from "./lightbox";

const GAP = 12;
const CAPTION = 64;

function columnsFor(width: number): number {
  if (width >= 1024) return 4;
  if (width >= 640) return 3;
  return 2;
}

/**
 * The team's finished outputs as a responsive grid. Only the rows on screen are rendered (the
 * window scrolls a virtual list), posters load lazily, and no video byte is fetched until a card is
 * hovered or opened; more pages load as the end comes into view.
 */
export function Gallery({ first }: { first?: Parameters<typeof useGallery>[1] }) {
  const { filters, apiQuery, setFilters } = useUrlFilters(galleryFiltersSchema, galleryFiltersToParams);
  const gallery = useGallery(apiQuery, first);
  // The open item by id, read from the loaded pages, so a change to it (a star) shows at once.
  const [openId, setOpenId] = useState<string | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [offset, setOffset] = useState(0);

  useLayoutEffect(() => {
    const element = grid.current;
    if (!element) return;
    const measure = () => {
      setWidth(element.clientWidth);
      setOffset(element.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [gallery.isPending]);

  const items = useMemo(() => gallery.data?.pages.flatMap((page) => page.items) ?? [], [gallery.data]);
  const columns = columnsFor(width);
  const cardWidth = width > 0 ? (width - GAP * (columns - 1)) / columns : 240;
  const rowHeight = Math.round((cardWidth * 9) / 16 + CAPTION + GAP);
  const rows = Math.ceil(items.length / columns);
  const openIndex = openId ? items.findIndex((item) => item.id === openId) : -1;
  const open = openIndex >= 0 ? items[openIndex]! : null;
  const setOpen = (item: GalleryItem | null) => setOpenId(item?.id ?? null);
  // On the server (and in the first browser render) there is no window to measure: a phone-sized
  // rect renders the first rows, so their posters are in the HTML; the layout effect then measures.
  const virtualizer = useWindowVirtualizer({
    count: rows,
    estimateSize: () => rowHeight,
    overscan: 3,
    scrollMargin: offset,
    initialRect: { width: 0, height: 900 },
  });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  const visible = virtualizer.getVirtualItems();
  const lastRow = visible.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastRow >= rows - 3 && gallery.hasNextPage && !gallery.isFetchingNextPage) void gallery.fetchNextPage();
  }, [lastRow, rows, gallery]);

  const filtered = Boolean(filters.q || filters.model || filters.owner || filters.from || filters.to || filters.favourites);
  const onlyFavourites = filters.favourites && !(filters.q || filters.model || filters.owner || filters.from || filters.to);
  return (
    <div className="space-y-5">
      <GalleryFiltersBar filters={filters} onChange={setFilters} />
      {gallery.isPending ? (
        <Card className="flex items-center justify-center gap-2 p-10 text-sm text-zinc-500">
          <Spinner className="size-4" /> Loading the gallery…
        </Card>
      ) : gallery.isError ? (
        <Alert tone="error" title="Could not load the gallery.">
          {isApiError(gallery.error) ? gallery.error.message : "Check your connection and reload the page."}
        </Alert>
      ) : items.length === 0 ? (
        <Card className="flex flex-col items-center gap-3 p-10 text-center">
          {filtered ? (
            <SearchX className="size-8 text-zinc-300" aria-hidden="true" />
          ) : (
            <Clapperboard className="size-8 text-zinc-300" aria-hidden="true" />
          )}
          <p className="font-medium text-zinc-800">
            {onlyFavourites
              ? "No favourites yet: star a video to find it here."
              : filtered
                ? "Nothing matches these filters."
                : "No finished videos yet: they appear here when tasks succeed."}
          </p>
          {filtered ? (
            <Button variant="secondary" onClick={() => setFilters({})}>
              Clear filters
            </Button>
          ) : (
            <Link href="/generate" className={buttonClass("primary", "md")}>
              Generate a video
            </Link>
          )}
        </Card>
      ) : null}
      <div
        ref={grid}
        role="list"
        aria-label="Finished videos"
        className="relative w-full"
        style={{ height: items.length ? virtualizer.getTotalSize() : 0 }}
      >
        {visible.map((row) => (
          <div
            key={row.key}
            className="absolute left-0 grid w-full"
            style={{
              top: 0,
              transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              gap: GAP,
            }}
          >
            {items.slice(row.index * columns, row.index * columns + columns).map((item) => (
              <GalleryCard key={item.id} item={item} onOpen={() => setOpen(item)} priority={row.index < 2} />
            ))}
          </div>
        ))}
      </div>
      {gallery.isFetchingNextPage ? (
        <p className="flex items-center justify-center gap-2 text-sm text-zinc-500">
          <Spinner className="size-4" /> Loading more…
        </p>
      ) : null}
      <Lightbox
        item={open}
        onClose={() => setOpen(null)}
        onPrevious={openIndex > 0 ? () => setOpen(items[openIndex - 1]!) : null}
        onNext={openIndex >= 0 && openIndex < items.length - 1 ? () => setOpen(items[openIndex + 1]!) : null}
      />
    </div>
  );
}

function GalleryFiltersBar({ filters, onChange }: { filters: GalleryFilters; onChange: (next: FiltersUpdate<GalleryFilters>) => void }) {
  const set = (patch: Partial<GalleryFilters>) => onChange((current) => ({ ...current, ...patch }));
  const detailed = [filters.model, filters.from, filters.to].filter(Boolean).length;
  return (
    <div className="space-y-3" role="search" aria-label="Filter the gallery">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        {/* One control for whose videos: the team's, mine, or one teammate's. */}
        <label htmlFor="gallery-owner" className="sr-only">
          Whose videos
        </label>
        <select
          id="gallery-owner"
          value={filters.owner ?? ""}
          onChange={(event) => set({ owner: (event.target.value || undefined) as GalleryFilters["owner"] })}
          className={cn(controlClass(false), "sm:w-48")}
        >
          <OwnerOptions everyone="The team's" me="Mine" />
        </select>
        <button
          type="button"
          aria-pressed={Boolean(filters.favourites)}
          onClick={() => set({ favourites: filters.favourites ? undefined : "1" })}
          // Pressed, it is amber: the same classes as a secondary button, with its colours swapped.
          className={cn(
            "inline-flex h-10 shrink-0 items-center justify-center gap-2 rounded-lg border px-4 text-sm font-medium shadow-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40",
            filters.favourites
              ? "border-amber-400 bg-amber-50 text-amber-900 hover:bg-amber-200"
              : "border-zinc-300 bg-surface text-zinc-800 hover:bg-zinc-50",
          )}
        >
          <Star className={cn("size-4", filters.favourites ? "fill-amber-400 text-amber-500" : null)} aria-hidden="true" />
          Favourites
        </button>
        <SearchBox id="gallery-search" value={filters.q} onSearch={(q) => set({ q })} />
      </div>
      <FoldingFilters active={detailed}>
        <div className="grid grid-cols-2 gap-2 md:grid-cols-3">
          <SelectFilter
            id="gallery-model"
            label="Model"
            value={filters.model ?? ""}
            onChange={(model) => set({ model: model || undefined })}
          >
            <ModelOptions />
          </SelectFilter>
          <DateFilter id="gallery-from" label="From" value={isoToDay(filters.from)} onChange={(day) => set({ from: dayToIso(day) })} />
          <DateFilter id="gallery-to" label="To" value={isoToDay(filters.to, -1)} onChange={(day) => set({ to: dayToIso(day, 1) })} />
        </div>
      </FoldingFilters>
    </div>
  );
}
