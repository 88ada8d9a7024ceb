"use client";
import { REVIEW_LABELS } from "@/lib/shared/review";
import { Search, SlidersHorizontal } from "lucide-react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { controlClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { useTeam } from "@/lib/client/team";
import { modelDisplayLabel } from "@/lib/shared/catalog/model-names";
import { useDebounced } from "@/lib/client/use-debounced";
import { useTagSuggestions } from "@/lib/client/labels";
import { useProjects } from "@/lib/client/projects";
import { TAGS_PER_FILTER, normalizeTag, tagSchema } from "@/lib/shared/library";

// The pieces the task table's and the gallery's filter bars are built from.

/** A prompt search box that reports what was typed once typing pauses. */
export function SearchBox({ id, value, onSearch }: { id: string; value: string | undefined; onSearch: (q: string | undefined) => void }) {
  const [text, setText] = useState(value ?? "");
  const settled = useDebounced(text, 350);
  const report = useRef(onSearch);
  useEffect(() => {
    report.current = onSearch;
  });
  useEffect(() => {
    // Only typing searches: the filters changing elsewhere must not fire the search again.
    if ((settled || undefined) !== value) report.current(settled || undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);
  // When the search changes from outside (Clear filters, the browser's Back), the box follows.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if ((value ?? "") !== settled) setText(value ?? "");
  }
  return (
    <div className="relative flex-1">
      <label htmlFor={id} className="sr-only">
        Search prompts
      </label>
      <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden="true" />
      <input
        id={id}
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="Search prompts"
        className={controlClass(false, { leadingIcon: true })}
      />
    </div>
  );
}

export function SelectFilter({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-500">
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} className={controlClass(false, { size: "compact" })}>
        {children}
      </select>
    </div>
  );
}

export function DateFilter({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (day: string) => void }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-500">
        {label}
      </label>
      <input
        id={id}
        type="date"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={controlClass(false, { size: "compact" })}
      />
    </div>
  );
}

export function ModelOptions() {
  const team = useTeam();
  const models = team.data?.models ?? [];
  const providers = [...new Set(models.map((model) => model.providerLabel))];
  return (
    <>
      <option value="">All models</option>
      {providers.map((provider) => (
        <optgroup key={provider} label={provider}>
          {models
            .filter((model) => model.providerLabel === provider)
            .map((model) => (
              <option key={`${model.provider}/${model.id}`} value={model.id}>
                {modelDisplayLabel(model, models)}
              </option>
            ))}
        </optgroup>
      ))}
    </>
  );
}

/** The owners to filter by; `everyone` and `me` name the first two choices. */
export function OwnerOptions({ everyone = "Anyone", me = "Me" }: { everyone?: string; me?: string }) {
  const team = useTeam();
  return (
    <>
      <option value="">{everyone}</option>
      <option value="me">{me}</option>
      {team.data?.members.map((member) => (
        <option key={member.id} value={member.id}>
          {member.name}
        </option>
      ))}
    </>
  );
}

/** On phones the detailed filters fold away behind a button that says how many are on. */
export function FoldingFilters({ active, children }: { active: number; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panel = useId();
  return (
    <div className="space-y-3">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panel}
        onClick={() => setOpen(!open)}
        className="inline-flex h-9 items-center gap-2 rounded-lg border border-zinc-300 bg-surface px-3 text-sm font-medium text-zinc-700 shadow-sm md:hidden"
      >
        <SlidersHorizontal className="size-4" aria-hidden="true" />
        {open ? "Hide filters" : "Filters"}
        {active > 0 ? <span className="rounded-full bg-brand-600 px-1.5 text-xs text-white">{active}</span> : null}
      </button>
      <div id={panel} className={cn("space-y-3 md:block", open ? "block" : "hidden")}>
        {children}
      </div>
    </div>
  );
}

/** The rating choices of a filter: any, or at least N stars. */
export function RatingOptions() {
  return (
    <>
      <option value="">Any rating</option>
      {[5, 4, 3, 2, 1].map((stars) => (
        <option key={stars} value={String(stars)}>
          {stars === 5 ? "5 stars" : `${stars}+ stars`}
        </option>
      ))}
    </>
  );
}

/** The review choices of a filter: any, approved, changes requested, or not reviewed. */
export function ReviewOptions() {
  return (
    <>
      <option value="">Any review</option>
      {(["approved", "changes_requested", "none"] as const).map((state) => (
        <option key={state} value={state}>
          {REVIEW_LABELS[state]}
        </option>
      ))}
    </>
  );
}

/**
 * Tags to filter by, comma-separated (a task must carry all of them), with the team's tags
 * suggested for the one being typed. Applies on Enter, on leaving the field, or on picking a
 * suggestion; a tag that cannot exist is said inline instead of asking the server.
 */
export function TagFilter({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string[] | undefined;
  onChange: (tags: string[] | undefined) => void;
}) {
  const joined = (value ?? []).join(", ");
  const [text, setText] = useState(joined);
  const [problem, setProblem] = useState<string | null>(null);
  // When the filter changes from outside (Clear filters, Back, a tag's link), the field follows.
  const [seen, setSeen] = useState(joined);
  if (seen !== joined) {
    setSeen(joined);
    setText(joined);
    setProblem(null);
  }
  const parts = text.split(",");
  const current = normalizeTag(parts.at(-1) ?? "");
  const before = parts
    .slice(0, -1)
    .map((part) => part.trim())
    .filter(Boolean);
  const typed = useDebounced(current, 200);
  // Asked for once the field is used, so opening a list costs no extra request.
  const [engaged, setEngaged] = useState(false);
  const suggestions = useTagSuggestions(typed, engaged);
  const listId = `${id}-suggestions`;
  const offered = (suggestions.data ?? []).filter((item) => !before.map(normalizeTag).includes(item.tag)).slice(0, 10);

  const apply = (raw: string) => {
    const tags = [...new Set(raw.split(",").map(normalizeTag).filter(Boolean))];
    const bad = tags.find((tag) => !tagSchema.safeParse(tag).success);
    if (bad) return setProblem(`“${bad}” is not a tag: tags hold letters, digits, spaces, - _ or .`);
    if (tags.length > TAGS_PER_FILTER) return setProblem(`Filter by at most ${TAGS_PER_FILTER} tags.`);
    setProblem(null);
    if (tags.join(", ") !== joined) onChange(tags.length ? tags : undefined);
  };

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-500">
        Tags
      </label>
      <input
        id={id}
        type="text"
        value={text}
        list={listId}
        autoComplete="off"
        maxLength={400}
        placeholder="Any tags"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          // Picking a suggestion fills in a whole tag the team uses: apply it at once.
          const last = normalizeTag(next.split(",").at(-1) ?? "");
          const how = (event.nativeEvent as InputEvent).inputType;
          if (offered.some((item) => item.tag === last) && (how === undefined || how === "insertReplacementText")) apply(next);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            apply(text);
          }
        }}
        onFocus={() => setEngaged(true)}
        onBlur={() => apply(text)}
        className={controlClass(Boolean(problem), { size: "compact" })}
      />
      <datalist id={listId}>
        {offered.map((item) => (
          <option key={item.tag} value={[...before, item.tag].join(", ")} />
        ))}
      </datalist>
      {problem ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** The team's projects to choose from; `none` names the empty choice. */
export function ProjectOptions({ none = "All projects", exclude }: { none?: string; exclude?: string }) {
  const projects = useProjects();
  return (
    <>
      <option value="">{none}</option>
      {projects.data
        ?.filter((project) => project.id !== exclude)
        .map((project) => (
          <option key={project.id} value={project.id}>
            {project.name}
          </option>
        ))}
    </>
  );
}
