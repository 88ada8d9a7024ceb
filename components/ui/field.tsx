import type { ReactNode } from "react";
import { cn } from "./cn";

/** A labelled form control with its help text and error message wired up for screen readers. */
export function Field({
  id,
  label,
  help,
  error,
  children,
  className,
  labelAside,
}: {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string;
  children: ReactNode;
  className?: string;
  labelAside?: ReactNode;
}) {
  return (
    <div className={cn("space-y-1.5", className)}>
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
          {label}
        </label>
        {labelAside}
      </div>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : help ? (
        <p id={`${id}-help`} className="text-sm text-zinc-500">
          {help}
        </p>
      ) : null}
    </div>
  );
}

type ControlOptions = {
  /** "md" for forms, "compact" for filter bars, "sm" for controls inside a list row. */
  size?: "md" | "compact" | "sm";
  /** Room on the left for an icon drawn over the control (a search box). */
  leadingIcon?: boolean;
  /** As wide as its content instead of its container. */
  inline?: boolean;
};

// Each option picks one class per property, so no two classes ever compete for the same one.
export const controlClass = (invalid?: boolean, { size = "md", leadingIcon = false, inline = false }: ControlOptions = {}) =>
  cn(
    "block rounded-lg border bg-surface text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400",
    "focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/20 disabled:bg-zinc-100",
    inline ? "w-auto" : "w-full",
    size === "sm" ? "h-8 py-0" : size === "compact" ? "py-1.5" : "py-2",
    leadingIcon ? "pr-3 pl-9" : "px-3",
    invalid ? "border-red-400" : "border-zinc-300",
  );

export const describedBy = (id: string, error?: string, help?: unknown) => (error ? `${id}-error` : help ? `${id}-help` : undefined);
