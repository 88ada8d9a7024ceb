"use client";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { CheckSquare, Clapperboard, Download, SearchX } from "lucide-react";
import Link from "next/link";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import {
  DateFilter,
  FoldingFilters,
  ModelOptions,
  OwnerOptions,
  ProjectOptions,
  RatingOptions,
  ReviewOptions,
  SearchBox,
  SelectFilter,
  TagFilter,
} from "@/components/filters/filter-controls";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { controlClass } from "@/components/ui/field";
import { isApiError } from "@/lib/client/api";
import { useGallery } from "@/lib/client/gallery";
import { dayToIso, isoToDay, type FiltersUpdate, useUrlFilters } from "@/lib/client/use-url-filters";
import { ZIP_MAX_IDS, zipUrl } from "@/lib/shared/downloads";
import { galleryFiltersSchema, galleryFiltersToParams, type GalleryFilters, type GalleryItem } from "@/lib/shared/gallery";
import { FavouritesToggle } from "@/components/library/favourites-toggle";
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
export function Gallery({ first, project }: { first?: Parameters<typeof useGallery>[1]; project?: string }) {
  const url = useUrlFilters(galleryFiltersSchema, galleryFiltersToParams);
  const setFilters = url.setFilters;
  // A project's board: the gallery of that project, its other filters in the URL as usual.
  const filters = useMemo(() => (project ? { ...url.filters, project } : url.filters), [project, url.filters]);
  const apiQuery = project ? galleryFiltersToParams(filters).toString() : url.apiQuery;
  const gallery = useGallery(apiQuery, first);
  // The open item by id, read from the loaded pages, so a change to it (a star) shows at once.
  const [openId, setOpenId] = useState<string | null>(null);
  // Choosing outputs for one zip: the cards toggle instead of opening.
  const [selected, setSelected] = useState<Set<string> | null>(null);
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
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

  const narrowed = Boolean(
    filters.q ||
    filters.model ||
    filters.owner ||
    filters.from ||
    filters.to ||
    filters.tag?.length ||
    filters.rating ||
    filters.review ||
    (filters.project && !project),
  );
  const filtered = narrowed || Boolean(filters.favourites);
  const onlyFavourites = filters.favourites && !narrowed;
  return (
    <div className="space-y-5">
      <GalleryFiltersBar filters={filters} onChange={setFilters} board={Boolean(project)} />
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
                : project
                  ? "Nothing in this project yet: choose it on Generate, or move a task here from its page."
                  : "No finished videos yet: they appear here when tasks succeed."}
          </p>
          {filtered ? (
            <Button variant="secondary" onClick={() => setFilters({})}>
              Clear filters
            </Button>
          ) : (
            <Link href={project ? `/generate?project=${project}` : "/generate"} className={buttonClass("primary", "md")}>
              {project ? "Generate for this project" : "Generate a video"}
            </Link>
          )}
        </Card>
      ) : null}
      {items.length > 0 ? (
        <SelectionBar
          selected={selected}
          loaded={items.length}
          onStart={() => setSelected(new Set())}
          onAll={() => setSelected(new Set(items.map((item) => item.id)))}
          onDone={() => setSelected(null)}
          project={project}
        />
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
              <GalleryCard
                key={item.id}
                item={item}
                onOpen={() => setOpen(item)}
                priority={row.index < 2}
                selection={selected ? { selected: selected.has(item.id), onToggle: () => toggle(item.id) } : undefined}
              />
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

/**
 * Downloading several outputs as one zip: "Select" turns the cards into choices; the bar says how
 * many are chosen and links to their zip (a project's board can take all of its outputs at once).
 */
function SelectionBar({
  selected,
  loaded,
  onStart,
  onAll,
  onDone,
  project,
}: {
  selected: Set<string> | null;
  loaded: number;
  onStart: () => void;
  onAll: () => void;
  onDone: () => void;
  project?: string;
}) {
  if (!selected) {
    return (
      <div className="flex flex-wrap justify-end gap-2">
        {project ? (
          <a href={zipUrl({ project })} download className={buttonClass("secondary", "sm")}>
            <Download className="size-4" aria-hidden="true" /> Download all as zip
          </a>
        ) : null}
        <Button size="sm" variant="secondary" onClick={onStart}>
          <CheckSquare className="size-4" aria-hidden="true" /> Select to download
        </Button>
      </div>
    );
  }
  const count = selected.size;
  const tooMany = count > ZIP_MAX_IDS;
  return (
    <div
      className="sticky top-16 z-10 flex flex-wrap items-center gap-2 rounded-xl border border-zinc-200 bg-surface/95 p-2 shadow-sm backdrop-blur"
      role="region"
      aria-label="Chosen outputs"
    >
      <p className="px-2 text-sm font-medium text-zinc-800" aria-live="polite">
        {count === 0 ? "Choose the outputs to download" : `${count} chosen`}
        {tooMany ? ` (at most ${ZIP_MAX_IDS} in one zip)` : ""}
      </p>
      <div className="ml-auto flex flex-wrap gap-2">
        <Button size="sm" variant="ghost" onClick={onAll}>
          Choose all {loaded} shown
        </Button>
        {count > 0 && !tooMany ? (
          <a href={zipUrl({ ids: [...selected] })} download className={buttonClass("primary", "sm")}>
            <Download className="size-4" aria-hidden="true" /> Download {count} as zip
          </a>
        ) : null}
        <Button size="sm" variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function GalleryFiltersBar({
  filters,
  onChange,
  board,
}: {
  filters: GalleryFilters;
  onChange: (next: FiltersUpdate<GalleryFilters>) => void;
  /** On a project's board, the project is the page's, not a filter. */
  board: boolean;
}) {
  const set = (patch: Partial<GalleryFilters>) => onChange((current) => ({ ...current, ...patch }));
  const detailed = [
    filters.model,
    board ? null : filters.project,
    filters.tag?.length,
    filters.rating,
    filters.review,
    filters.from,
    filters.to,
  ].filter(Boolean).length;
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
        <FavouritesToggle on={Boolean(filters.favourites)} onChange={(on) => set({ favourites: on ? "1" : undefined })} />
        <SearchBox id="gallery-search" value={filters.q} onSearch={(q) => set({ q })} />
      </div>
      <FoldingFilters active={detailed}>
        <div className={cn("grid grid-cols-2 gap-2", board ? "md:grid-cols-3 lg:grid-cols-6" : "md:grid-cols-4 lg:grid-cols-7")}>
          <SelectFilter
            id="gallery-model"
            label="Model"
            value={filters.model ?? ""}
            onChange={(model) => set({ model: model || undefined })}
          >
            <ModelOptions />
          </SelectFilter>
          {board ? null : (
            <SelectFilter
              id="gallery-project"
              label="Project"
              value={filters.project ?? ""}
              onChange={(value) => set({ project: value || undefined })}
            >
              <ProjectOptions />
            </SelectFilter>
          )}
          <TagFilter id="gallery-tags" value={filters.tag} onChange={(tag) => set({ tag })} />
          <SelectFilter
            id="gallery-rating"
            label="Rating"
            value={filters.rating ?? ""}
            onChange={(rating) => set({ rating: (rating || undefined) as GalleryFilters["rating"] })}
          >
            <RatingOptions />
          </SelectFilter>
          <SelectFilter
            id="gallery-review"
            label="Review"
            value={filters.review ?? ""}
            onChange={(review) => set({ review: (review || undefined) as GalleryFilters["review"] })}
          >
            <ReviewOptions />
          </SelectFilter>
          <DateFilter id="gallery-from" label="From" value={isoToDay(filters.from)} onChange={(day) => set({ from: dayToIso(day) })} />
          <DateFilter id="gallery-to" label="To" value={isoToDay(filters.to, -1)} onChange={(day) => set({ to: dayToIso(day, 1) })} />
        </div>
      </FoldingFilters>
    </div>
  );
}
