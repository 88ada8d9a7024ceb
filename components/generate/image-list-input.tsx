"use client";
import type { UploadView } from "@/lib/client/uploads";
import type { ImageListField, ImageRef } from "@/lib/shared/catalog/fields";
import { ImageInput } from "./image-input";

/**
 * Several images for one field (reference images): each one picked, dropped or linked like a single
 * image, with an empty slot to add the next until the model's limit.
 */
export function ImageListInput({
  field,
  value,
  onChange,
  uploads,
  onUpload,
  error,
  uploadsBlocked,
}: {
  field: ImageListField;
  value: ImageRef[];
  onChange: (value: ImageRef[]) => void;
  uploads: Record<string, UploadView>;
  onUpload: (upload: UploadView) => void;
  error?: string;
  uploadsBlocked?: string;
}) {
  const slots = value.length < field.max ? [...value, undefined] : value;
  // "Reference images" -> "Reference image 1", "Reference image 2"...
  const itemLabel = field.label.replace(/s$/, "");
  const set = (index: number, next: ImageRef | undefined) => {
    const list = [...value];
    if (next) list[index] = next;
    else list.splice(index, 1);
    onChange(list);
  };
  return (
    <fieldset className="space-y-2" aria-describedby={error ? `${field.name}-error` : undefined}>
      <legend className="flex w-full items-baseline justify-between gap-3 text-sm font-medium text-zinc-800">
        <span>{field.min > 0 ? field.label : `${field.label} (optional)`}</span>
        <span className="text-sm font-normal text-zinc-500">
          {value.length} of {field.max}
        </span>
      </legend>
      {field.help ? <p className="text-sm text-zinc-500">{field.help}</p> : null}
      <div className="space-y-3">
        {slots.map((ref, index) => (
          <ImageInput
            // A new slot appears at the end; existing ones keep their place and state.
            key={index}
            field={{ kind: "image", name: `${field.name}-${index}`, label: `${itemLabel} ${index + 1}`, required: true }}
            value={ref}
            initial={ref && "uploadId" in ref ? uploads[ref.uploadId] : undefined}
            acceptPaste={false}
            uploadsBlocked={uploadsBlocked}
            onChange={(next, upload, reason) => {
              if (upload) onUpload(upload);
              if (reason !== "replacing") set(index, next);
            }}
          />
        ))}
      </div>
      {error ? (
        <p id={`${field.name}-error`} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
