"use client";
import { ImagePlus, Link2, RefreshCw, X } from "lucide-react";
import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { isApiError } from "@/lib/client/api";
import { ACCEPTED_IMAGE_TYPES, MAX_IMAGE_BYTES, useUploadImage, type UploadView } from "@/lib/client/uploads";
import { formatBytes } from "@/lib/shared/format";
import { imageRefSchema, type ImageField, type ImageRef } from "@/lib/shared/catalog/fields";

type Size = { width: number; height: number };

function ratioOf(aspect: string): number | null {
  const [w, h] = aspect.split(":").map(Number);
  return w && h ? w / h : null;
}

function shapeName(size: Size): string {
  const ratio = size.width / size.height;
  if (ratio > 1.15) return "landscape";
  if (ratio < 0.87) return "portrait";
  return "square";
}

/**
 * The image for a model: picked, dropped, pasted (Ctrl/Cmd+V anywhere on the page) or given as a
 * public https link, which Cutroom passes to the provider and never fetches itself. Shows a preview
 * with the image's size, and a hint when its shape differs from the chosen aspect ratio.
 */
export function ImageInput({
  field,
  value,
  onChange,
  error,
  initial,
  targetAspect,
  acceptPaste = true,
  uploadsBlocked,
}: {
  field: ImageField;
  value: ImageRef | undefined;
  /** `replacing`: cleared only while a new file uploads, not removed. */
  onChange: (value: ImageRef | undefined, upload?: UploadView, reason?: "replacing") => void;
  error?: string;
  initial?: UploadView;
  targetAspect?: string;
  /** Whether a pasted image lands here (only one field of a form takes pastes). */
  acceptPaste?: boolean;
  /** Why this provider cannot take an upload (it fetches links and Cutroom has no public address). */
  uploadsBlocked?: string;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const linkId = useId();
  const upload = useUploadImage();
  const [dragging, setDragging] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const [info, setInfo] = useState<UploadView | undefined>(initial);
  const [size, setSize] = useState<Size | null>(initial ? { width: initial.width, height: initial.height } : null);
  const [link, setLink] = useState("");
  const [blob, setBlob] = useState<string | null>(null);
  const preview = blob ?? (value ? ("uploadId" in value ? `/api/uploads/${value.uploadId}` : value.url) : null);

  useEffect(() => () => void (blob && URL.revokeObjectURL(blob)), [blob]);

  const pick = (file: File | undefined) => {
    setLocalError(null);
    if (!file) return;
    if (file.type && !ACCEPTED_IMAGE_TYPES.includes(file.type)) {
      setLocalError("Choose a PNG, JPEG or WebP image.");
      return;
    }
    if (file.size > MAX_IMAGE_BYTES) {
      setLocalError(`This image is ${formatBytes(file.size)}; images can be at most 10 MB.`);
      return;
    }
    setBlob(URL.createObjectURL(file));
    setSize(null);
    onChange(undefined, undefined, "replacing");
    upload.mutate(file, {
      onSuccess: (saved) => {
        setInfo(saved);
        setSize({ width: saved.width, height: saved.height });
        onChange({ uploadId: saved.id }, saved);
      },
      onError: (failure) => {
        setBlob(null);
        setLocalError(isApiError(failure) ? (Object.values(failure.fields)[0] ?? failure.message) : "The upload failed. Try again.");
      },
    });
  };

  // Pasting an image anywhere on the page puts it here (a prompt box cannot hold an image anyway).
  useEffect(() => {
    if (!acceptPaste || uploadsBlocked) return;
    const onPaste = (event: ClipboardEvent) => {
      const file = [...(event.clipboardData?.files ?? [])].find((item) => item.type.startsWith("image/"));
      if (!file) return;
      event.preventDefault();
      pick(file);
    };
    document.addEventListener("paste", onPaste);
    return () => document.removeEventListener("paste", onPaste);
  });

  const applyLink = () => {
    // The same rule the server applies, so a link it would refuse is caught here, on the field.
    const checked = imageRefSchema.safeParse({ url: link.trim() });
    if (!checked.success) {
      setLocalError(checked.error.issues[0]?.message ?? "Use a public https:// link to an image.");
      return;
    }
    setLocalError(null);
    setBlob(null);
    setInfo(undefined);
    setSize(null);
    onChange(checked.data);
    setLink("");
  };

  const clear = () => {
    setBlob(null);
    setInfo(undefined);
    setSize(null);
    setLocalError(null);
    onChange(undefined);
    if (inputRef.current) inputRef.current.value = "";
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    pick(event.dataTransfer.files[0]);
  };

  const shownError = localError ?? error;
  const describedBy = shownError ? `${field.name}-error` : field.help ? hintId : undefined;
  const target = targetAspect ? ratioOf(targetAspect) : null;
  const mismatch = size && target && Math.abs(size.width / size.height - target) / target > 0.1;
  const isLink = value !== undefined && "url" in value;

  return (
    <div className="space-y-1.5">
      <label htmlFor={field.name} className="block text-sm font-medium text-zinc-800">
        {field.required ? field.label : `${field.label} (optional)`}
      </label>
      <input
        ref={inputRef}
        id={field.name}
        type="file"
        accept={ACCEPTED_IMAGE_TYPES.join(",")}
        className="sr-only"
        // Keyboard users reach the picker through the visible button below, not this hidden input.
        tabIndex={-1}
        aria-describedby={describedBy}
        aria-invalid={Boolean(shownError)}
        onChange={(event) => pick(event.target.files?.[0])}
      />
      {preview ? (
        <div className="flex items-center gap-4 rounded-lg border border-zinc-200 bg-surface p-3">
          {/* eslint-disable-next-line @next/next/no-img-element -- a local blob, a private upload or the user's own link */}
          <img
            src={preview}
            alt="Chosen image"
            referrerPolicy="no-referrer"
            onLoad={(event) => !size && setSize({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
            onError={() =>
              isLink && setLocalError("That link did not load as an image in your browser. Check it is public and points at an image.")
            }
            className="size-20 rounded-md bg-zinc-100 object-contain"
          />
          <div className="min-w-0 flex-1 text-sm">
            {upload.isPending ? (
              <p className="flex items-center gap-2 text-zinc-600">
                <Spinner className="size-4" /> Uploading…
              </p>
            ) : (
              <>
                <p className="truncate font-medium text-zinc-800">
                  {isLink ? (value as { url: string }).url : (info?.name ?? "Uploaded image")}
                </p>
                <p className="text-zinc-500">
                  {size ? `${size.width} × ${size.height}` : "Checking size…"}
                  {info ? ` · ${formatBytes(info.bytes)}` : isLink ? " · sent to the provider as a link" : ""}
                </p>
              </>
            )}
          </div>
          <div className="flex gap-1">
            <Button
              variant="ghost"
              size="sm"
              onClick={() => inputRef.current?.click()}
              aria-label="Replace image"
              disabled={upload.isPending}
            >
              <RefreshCw className="size-4" aria-hidden="true" />
            </Button>
            <Button variant="ghost" size="sm" onClick={clear} aria-label="Remove image" disabled={upload.isPending}>
              <X className="size-4" aria-hidden="true" />
            </Button>
          </div>
        </div>
      ) : (
        <>
          {uploadsBlocked ? (
            <p className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-600" data-testid="uploads-blocked">
              {uploadsBlocked}
            </p>
          ) : (
            <button
              type="button"
              onDragOver={(event) => {
                event.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
              onClick={() => inputRef.current?.click()}
              aria-describedby={describedBy}
              className={cn(
                "flex w-full cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-4 py-7 text-center transition-colors",
                dragging
                  ? "border-brand-500 bg-brand-50"
                  : shownError
                    ? "border-red-300 bg-red-50/40"
                    : "border-zinc-300 bg-surface hover:border-zinc-400",
              )}
            >
              <ImagePlus className="size-6 text-zinc-400" aria-hidden="true" />
              <span className="text-sm text-zinc-700">
                <span className="font-medium text-brand-700">Choose an image</span>, drag it here, or paste it
              </span>
              <span className="text-xs text-zinc-500">PNG, JPEG or WebP, up to 10 MB</span>
            </button>
          )}
          <div className="flex gap-2">
            <label htmlFor={linkId} className="sr-only">
              Image link
            </label>
            <div className="relative flex-1">
              <Link2 className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden="true" />
              <input
                id={linkId}
                type="url"
                inputMode="url"
                value={link}
                onChange={(event) => setLink(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter") {
                    event.preventDefault();
                    applyLink();
                  }
                }}
                placeholder={uploadsBlocked ? "A public https:// image link" : "Or paste a public https:// image link"}
                className={controlClass(false, { leadingIcon: true })}
              />
            </div>
            <Button variant="secondary" onClick={applyLink} disabled={!link.trim()}>
              Use link
            </Button>
          </div>
        </>
      )}
      {shownError ? (
        <p id={`${field.name}-error`} className="text-sm text-red-700" role="alert">
          {shownError}
        </p>
      ) : mismatch ? (
        <p className="text-sm text-amber-800" role="status">
          This image is {shapeName(size)} ({size.width} × {size.height}) but the video will be {targetAspect}: the provider may crop it or
          add bars.
        </p>
      ) : size && !targetAspect ? (
        <p className="text-sm text-zinc-500">The video takes this image&apos;s shape ({shapeName(size)}).</p>
      ) : field.help ? (
        <p id={hintId} className="text-sm text-zinc-500">
          {field.help}
        </p>
      ) : null}
    </div>
  );
}
