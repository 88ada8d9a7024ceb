"use client";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import type { SegmentsField } from "@/lib/shared/catalog/fields";

/** Long-video segments: one prompt per segment, added and removed in order, with the total length. */
export function SegmentsEditor({
  field,
  value,
  onChange,
  errors,
}: {
  field: SegmentsField;
  value: string[];
  onChange: (value: string[]) => void;
  errors: { list?: string; items: (string | undefined)[] };
}) {
  const labelId = `${field.name}-label`;
  const item = field.itemLabel ?? "Segment";
  const noun = item.toLowerCase();
  const total = field.secondsEach ? value.length * field.secondsEach : null;
  const update = (index: number, text: string) => onChange(value.map((item, position) => (position === index ? text : item)));
  const remove = (index: number) => onChange(value.filter((_, position) => position !== index));
  const move = (index: number, by: -1 | 1) => {
    const next = [...value];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    onChange(next);
  };

  return (
    <div role="group" aria-labelledby={labelId} className="space-y-2">
      <div className="flex items-baseline justify-between gap-3">
        <p id={labelId} className="text-sm font-medium text-zinc-800">
          {field.label}
        </p>
        <p className="text-sm text-zinc-500" aria-live="polite">
          {value.length} of {field.max}
          {total !== null ? ` · ${total} s in all` : ""}
        </p>
      </div>
      <ol className="space-y-2">
        {value.map((text, index) => {
          const id = `${field.name}-${index}`;
          const error = errors.items[index];
          return (
            <li key={index} className="flex gap-2">
              <span
                className="mt-2 flex size-6 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-xs font-semibold text-zinc-600"
                aria-hidden="true"
              >
                {index + 1}
              </span>
              <div className="min-w-0 flex-1 space-y-1">
                <label htmlFor={id} className="sr-only">
                  {item} {index + 1}
                  {field.secondsEach ? " prompt" : ""}
                </label>
                <textarea
                  id={id}
                  rows={2}
                  value={text}
                  onChange={(event) => update(index, event.target.value)}
                  placeholder={index === 0 ? "What happens first, starting from the image" : "What happens next"}
                  className={cn(controlClass(Boolean(error)), "resize-y")}
                  aria-invalid={Boolean(error)}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
                {error ? (
                  <p id={`${id}-error`} className="text-sm text-red-700" role="alert">
                    {error}
                  </p>
                ) : null}
              </div>
              <div className="mt-1 flex flex-col gap-0.5 sm:flex-row">
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => move(index, -1)}
                  disabled={index === 0}
                  aria-label={`Move ${noun} ${index + 1} up`}
                >
                  <ArrowUp className="size-4" aria-hidden="true" />
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => move(index, 1)}
                  disabled={index === value.length - 1}
                  aria-label={`Move ${noun} ${index + 1} down`}
                >
                  <ArrowDown className="size-4" aria-hidden="true" />
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => remove(index)}
                  disabled={value.length <= field.min}
                  aria-label={`Remove ${noun} ${index + 1}`}
                  title={
                    value.length <= field.min
                      ? `${field.label} needs at least ${field.min} ${noun}${field.min === 1 ? "" : "s"}`
                      : `Remove ${noun} ${index + 1}`
                  }
                >
                  <Trash2 className="size-4" aria-hidden="true" />
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" size="sm" onClick={() => onChange([...value, ""])} disabled={value.length >= field.max}>
          <Plus className="size-4" aria-hidden="true" />
          Add {noun}
        </Button>
        <p className="text-sm text-zinc-500">{value.length >= field.max ? `That is the most: ${field.max} ${noun}s.` : field.help}</p>
      </div>
      {errors.list ? (
        <p className="text-sm text-red-700" role="alert">
          {errors.list}
        </p>
      ) : null}
    </div>
  );
}
