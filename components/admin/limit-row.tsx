"use client";
import { Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/field";

// One row of a limits list on Admin > Budgets (a person's overrides, a model's caps): who or what
// it is for, its credit boxes, a remove button, and the row's first error.

/** A credits box. On a phone the column headings are hidden: each box carries its own. */
export function CreditCell({
  label,
  of,
  placeholder,
  invalid,
  value,
  onChange,
}: {
  label: string;
  /** What the row is for, in the box's accessible name ("Per day for Bo"). */
  of: string;
  placeholder: string;
  invalid: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="flex min-w-0 flex-1 flex-col gap-0.5 sm:flex-none">
      <span className="text-xs text-zinc-500 sm:hidden">{label}</span>
      <input
        aria-label={`${label} for ${of}`}
        inputMode="numeric"
        placeholder={placeholder}
        className={cn(controlClass(invalid, { size: "sm" }), "sm:w-36")}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

export function LimitRow({
  picker,
  cells,
  removeLabel,
  onRemove,
  aside,
  error,
  testId,
}: {
  picker: ReactNode;
  cells: ReactNode;
  removeLabel: string;
  onRemove: () => void;
  aside?: ReactNode;
  error: string | undefined;
  testId?: string;
}) {
  return (
    <li className="rounded-lg border border-zinc-200 p-2 sm:border-0 sm:p-0 sm:px-2" data-testid={testId}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        {picker}
        <div className="flex items-end gap-2 sm:items-center">
          {cells}
          <Button type="button" variant="ghost" size="sm" aria-label={removeLabel} onClick={onRemove}>
            <Trash2 className="size-4" aria-hidden="true" />
          </Button>
        </div>
        {aside}
      </div>
      {error ? (
        <p className="mt-1 text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
