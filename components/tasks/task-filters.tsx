"use client";
import { X } from "lucide-react";
import { FavouritesToggle } from "@/components/library/favourites-toggle";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/field";
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
import { dayToIso, isoToDay, type FiltersUpdate } from "@/lib/client/use-url-filters";
import { PROVIDER_IDS, PROVIDER_LABELS } from "@/lib/shared/catalog/ids";
import type { TaskFilters } from "@/lib/shared/task-filters";
import { STATE_LABELS, TASK_STATES, type TaskState } from "@/lib/shared/tasks";

const SORTS = [
  { value: "created:desc", label: "Newest first" },
  { value: "created:asc", label: "Oldest first" },
  { value: "duration:desc", label: "Slowest first" },
  { value: "duration:asc", label: "Quickest first" },
] as const;

/** The task table's filters: search, my favourites, sort, state, model, provider, owner, project, tags, rating and dates. */
export function TaskFiltersBar({
  filters,
  onChange,
  states = TASK_STATES,
}: {
  filters: TaskFilters;
  onChange: (next: FiltersUpdate<TaskFilters>) => void;
  /** The states offered as filters (the admin queue offers only the unfinished ones). */
  states?: readonly TaskState[];
}) {
  const set = (patch: Partial<TaskFilters>) => onChange((current) => ({ ...current, ...patch }));
  const detailed = [
    filters.state?.length,
    filters.model,
    filters.provider,
    filters.owner,
    filters.project,
    filters.tag?.length,
    filters.rating,
    filters.review,
    filters.from,
    filters.to,
  ].filter(Boolean).length;
  const active = detailed + (filters.q ? 1 : 0) + (filters.favourites ? 1 : 0);
  const toggleState = (state: TaskState) =>
    onChange((current) => {
      const chosen = new Set(current.state ?? []);
      if (chosen.has(state)) chosen.delete(state);
      else chosen.add(state);
      return { ...current, state: chosen.size ? TASK_STATES.filter((item) => chosen.has(item)) : undefined };
    });

  return (
    <div className="space-y-3" role="search" aria-label="Filter tasks">
      <div className="flex flex-col gap-2 sm:flex-row">
        <SearchBox id="task-search" value={filters.q} onSearch={(q) => set({ q })} />
        <FavouritesToggle on={Boolean(filters.favourites)} onChange={(on) => set({ favourites: on ? "1" : undefined })} />
        <div className="sm:w-48">
          <label htmlFor="task-sort" className="sr-only">
            Sort
          </label>
          <select
            id="task-sort"
            value={`${filters.sort}:${filters.dir}`}
            onChange={(event) => {
              const [sort, dir] = event.target.value.split(":") as [TaskFilters["sort"], TaskFilters["dir"]];
              set({ sort, dir });
            }}
            className={controlClass(false)}
          >
            {SORTS.map((sort) => (
              <option key={sort.value} value={sort.value}>
                {sort.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <FoldingFilters active={detailed}>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="State">
          {states.map((state) => {
            const on = filters.state?.includes(state) ?? false;
            return (
              <button
                key={state}
                type="button"
                aria-pressed={on}
                onClick={() => toggleState(state)}
                className={cn(
                  "rounded-full border px-2.5 py-1 text-xs font-medium transition-colors",
                  on ? "border-brand-500 bg-brand-50 text-brand-700" : "border-zinc-300 text-zinc-600 hover:bg-zinc-100",
                )}
              >
                {STATE_LABELS[state]}
              </button>
            );
          })}
        </div>
        <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
          <SelectFilter id="task-model" label="Model" value={filters.model ?? ""} onChange={(model) => set({ model: model || undefined })}>
            <ModelOptions />
          </SelectFilter>
          <SelectFilter
            id="task-provider"
            label="Provider"
            value={filters.provider ?? ""}
            onChange={(provider) => set({ provider: provider || undefined })}
          >
            <option value="">All providers</option>
            {PROVIDER_IDS.map((id) => (
              <option key={id} value={id}>
                {PROVIDER_LABELS[id]}
              </option>
            ))}
          </SelectFilter>
          <SelectFilter
            id="task-owner"
            label="Owner"
            value={filters.owner ?? ""}
            onChange={(owner) => set({ owner: (owner || undefined) as TaskFilters["owner"] })}
          >
            <OwnerOptions />
          </SelectFilter>
          <SelectFilter
            id="task-project"
            label="Project"
            value={filters.project ?? ""}
            onChange={(project) => set({ project: project || undefined })}
          >
            <ProjectOptions />
          </SelectFilter>
          <TagFilter id="task-tags" value={filters.tag} onChange={(tag) => set({ tag })} />
          <SelectFilter
            id="task-rating"
            label="Rating"
            value={filters.rating ?? ""}
            onChange={(rating) => set({ rating: (rating || undefined) as TaskFilters["rating"] })}
          >
            <RatingOptions />
          </SelectFilter>
          <SelectFilter
            id="task-review"
            label="Review"
            value={filters.review ?? ""}
            onChange={(review) => set({ review: (review || undefined) as TaskFilters["review"] })}
          >
            <ReviewOptions />
          </SelectFilter>
          <DateFilter id="task-from" label="From" value={isoToDay(filters.from)} onChange={(day) => set({ from: dayToIso(day) })} />
          <DateFilter id="task-to" label="To" value={isoToDay(filters.to, -1)} onChange={(day) => set({ to: dayToIso(day, 1) })} />
        </div>
      </FoldingFilters>
      {active ? (
        <Button variant="ghost" size="sm" onClick={() => onChange({ sort: filters.sort, dir: filters.dir })}>
          <X className="size-4" aria-hidden="true" /> Clear filters
        </Button>
      ) : null}
    </div>
  );
}
