"use client";
import { cn } from "@/components/ui/cn";
import { Field, controlClass, describedBy } from "@/components/ui/field";
import type { NumberField, SwitchField, TextField } from "@/lib/shared/catalog/fields";

// The controls that models described by a JSON Schema add to the form: numbers (a slider when the
// range is small), on/off switches and single-line texts and links. Loaded through ./schema-fields
// only when a model has such a field.

const SLIDER_MAX_STEPS = 60;

export function NumberInput({
  field,
  value,
  onChange,
  onBlur,
  error,
}: {
  field: NumberField;
  value: unknown;
  onChange: (value: string) => void;
  onBlur: () => void;
  error?: string;
}) {
  const text = value === undefined || value === null ? "" : String(value);
  const bounded = field.min !== undefined && field.max !== undefined;
  const slider = bounded && field.integer && field.max! - field.min! <= SLIDER_MAX_STEPS;
  const range = bounded ? `${field.min} to ${field.max}` : field.min !== undefined ? `at least ${field.min}` : undefined;
  const help = [field.help, range && !slider ? `From ${range}.` : null].filter(Boolean).join(" ") || undefined;
  const label = field.required ? field.label : `${field.label} (optional)`;
  if (slider) {
    const current = text === "" ? (field.defaultValue ?? field.min!) : Number(text);
    return (
      <Field
        id={field.name}
        label={label}
        help={help}
        error={error}
        labelAside={
          <output htmlFor={field.name} className="text-sm font-medium text-zinc-700">
            {current}
            {field.name.includes("duration") ? " s" : ""}
          </output>
        }
      >
        <div className="flex items-center gap-3">
          <span className="text-xs text-zinc-500" aria-hidden="true">
            {field.min}
          </span>
          <input
            id={field.name}
            type="range"
            min={field.min}
            max={field.max}
            step={1}
            value={current}
            onChange={(event) => onChange(event.target.value)}
            onBlur={onBlur}
            aria-describedby={describedBy(field.name, error, help)}
            aria-invalid={Boolean(error)}
            className="h-2 flex-1 cursor-pointer accent-brand-600"
          />
          <span className="text-xs text-zinc-500" aria-hidden="true">
            {field.max}
          </span>
        </div>
      </Field>
    );
  }
  return (
    <Field id={field.name} label={label} help={help} error={error}>
      <input
        id={field.name}
        type="number"
        inputMode={field.integer ? "numeric" : "decimal"}
        min={field.min}
        max={field.max}
        step={field.integer ? 1 : "any"}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        aria-describedby={describedBy(field.name, error, help)}
        aria-invalid={Boolean(error)}
        className={cn(controlClass(Boolean(error)), "sm:max-w-48")}
      />
    </Field>
  );
}

export function SwitchInput({ field, value, onChange }: { field: SwitchField; value: unknown; onChange: (value: boolean) => void }) {
  const on = value === true;
  return (
    <div className="flex items-start justify-between gap-4">
      <div className="min-w-0">
        <label htmlFor={field.name} className="block text-sm font-medium text-zinc-800">
          {field.label}
        </label>
        {field.help ? (
          <p id={`${field.name}-help`} className="text-sm text-zinc-500">
            {field.help}
          </p>
        ) : null}
      </div>
      <button
        id={field.name}
        type="button"
        role="switch"
        aria-checked={on}
        aria-describedby={field.help ? `${field.name}-help` : undefined}
        onClick={() => onChange(!on)}
        className={cn(
          "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40 focus-visible:ring-offset-2",
          on ? "bg-brand-600" : "bg-zinc-300",
        )}
      >
        <span className="sr-only">{on ? "On" : "Off"}</span>
        <span
          aria-hidden="true"
          className={cn("inline-block size-5 rounded-full bg-white shadow transition-transform", on ? "translate-x-5" : "translate-x-0.5")}
        />
      </button>
    </div>
  );
}

/** A single-line text or link (a prompt gets the multi-line box instead). */
export function LineInput({
  field,
  error,
  registered,
}: {
  field: TextField;
  error?: string;
  registered: React.InputHTMLAttributes<HTMLInputElement> & { ref: React.Ref<HTMLInputElement> };
}) {
  const label = field.required ? field.label : `${field.label} (optional)`;
  return (
    <Field id={field.name} label={label} help={field.help} error={error}>
      <input
        id={field.name}
        type={field.format === "url" ? "url" : "text"}
        inputMode={field.format === "url" ? "url" : undefined}
        placeholder={field.format === "url" ? "https://" : field.placeholder}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy(field.name, error, field.help)}
        className={controlClass(Boolean(error))}
        {...registered}
      />
    </Field>
  );
}
