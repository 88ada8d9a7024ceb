"use client";
import { cn } from "@/components/ui/cn";
import type { ChoiceField } from "@/lib/shared/catalog/fields";

/** A choice shown as a row of segmented radio buttons, labelled by a visible caption. */
export function ChoiceInput({
  field,
  value,
  onChange,
  error,
}: {
  field: ChoiceField;
  /** A string from the form, or a number or boolean carried from a task being re-run. */
  value: unknown;
  onChange: (value: string) => void;
  error?: string;
}) {
  const labelId = `${field.name}-label`;
  return (
    <div className="space-y-1.5">
      <p id={labelId} className="text-sm font-medium text-zinc-800">
        {field.label}
      </p>
      <div
        role="radiogroup"
        aria-labelledby={labelId}
        aria-describedby={error ? `${field.name}-error` : undefined}
        className="flex flex-wrap gap-2"
      >
        {field.options.map((option) => {
          const checked = value !== undefined && value !== null && option.value === String(value);
          return (
            <label
              key={option.value}
              className={cn(
                "relative cursor-pointer rounded-lg border px-3 py-1.5 text-sm font-medium transition-colors focus-within:ring-2 focus-within:ring-brand-500/40",
                checked ? "border-brand-500 bg-brand-50 text-brand-700" : "border-zinc-300 bg-surface text-zinc-700 hover:border-zinc-400",
              )}
            >
              <input
                type="radio"
                name={field.name}
                value={option.value}
                checked={checked}
                onChange={() => onChange(option.value)}
                // Invisible but covering the whole chip, so a click or tap lands on the radio itself.
                className="absolute inset-0 cursor-pointer opacity-0"
              />
              {option.label}
            </label>
          );
        })}
      </div>
      {error ? (
        <p id={`${field.name}-error`} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
