"use client";
import { Search, SlidersHorizontal } from "lucide-react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { controlClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { useTeam } from "@/lib/client/team";
import { modelDisplayLabel } from "@/lib/shared/catalog/model-names";
import { useDebounced } from "@/lib/client/use-debounced";

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
