"use client";
import { LocalTime } from "@/components/ui/local-time";
import { ChevronLeft, ChevronRight, Download, ExternalLink, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { buttonClass } from "@/components/ui/button";
import type { GalleryItem } from "@/lib/shared/gallery";
import { FavouriteButton } from "@/components/library/favourite-button";
import { StarsShown } from "@/components/library/stars-shown";
import { ReviewBadge } from "@/components/library/review-badge";
import { TagList } from "@/components/library/tag-link";

/**
 * A finished output, large, in a modal dialog: the player, Download, a link to its task, and
 * Previous / Next (also the arrow keys) through the gallery as it is loaded.
 */
export function Lightbox({
  item,
  onClose,
  onPrevious,
  onNext,
}: {
  item: GalleryItem | null;
  onClose: () => void;
  /** Null at the first (or last) item loaded. */
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  // Previous / Next: the buttons and the arrow keys that press them.
  const steps = [
    { key: "ArrowLeft", label: "Previous", icon: ChevronLeft, go: onPrevious },
    { key: "ArrowRight", label: "Next", icon: ChevronRight, go: onNext },
  ];
  // Keyed by the id: the same item changed (a star) keeps the focus where it is.
  const itemId = item?.id ?? null;
  useEffect(() => {
    if (itemId && !dialog.current?.open) dialog.current?.showModal();
    if (!itemId && dialog.current?.open) dialog.current.close();
    // The dialog itself holds the keyboard (not the player), so the arrow keys step through the
    // gallery until someone tabs to the video to seek.
    if (itemId) body.current?.focus();
  }, [itemId]);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      onClick={(event) => event.target === dialog.current && dialog.current?.close()}
      onKeyDown={(event) => {
        // Arrow keys step through the gallery, except where they seek a playing video.
        if (event.target instanceof HTMLVideoElement || event.altKey || event.ctrlKey || event.metaKey) return;
        const step = steps.find((entry) => entry.key === event.key);
        if (step?.go) {
          event.preventDefault();
          step.go();
        }
      }}
      aria-label={item ? `Video: ${item.prompt}` : "Video"}
      className="m-auto w-[min(64rem,calc(100vw-1.5rem))] overflow-hidden rounded-2xl border border-zinc-200 bg-surface p-0 text-zinc-900 shadow-2xl backdrop:bg-black/70"
    >
      {item ? (
        <div ref={body} tabIndex={-1} className="focus:outline-none">
          <div className="bg-black">
            {item.media.kind === "video" ? (
              <video
                key={item.id}
                src={item.media.url}
                poster={item.media.posterUrl ?? undefined}
                controls
                autoPlay
                playsInline
                className="mx-auto max-h-[70vh] w-full object-contain"
                data-testid="lightbox-video"
              />
            ) : (
              // eslint-disable-next-line @next/next/no-img-element -- a private output from our own API
              <img src={item.media.url} alt={item.prompt} className="mx-auto max-h-[70vh] object-contain" />
            )}
          </div>
          <div className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0">
              <p className="break-words font-medium">{item.prompt || item.modelLabel}</p>
              <p className="mt-0.5 text-sm text-zinc-500">
                {item.owner.name} · {item.modelDisplayLabel} · <LocalTime iso={item.finishedAt} />
              </p>
              {item.rating || item.tags.length || item.review ? (
                <div className="mt-2 flex flex-wrap items-center gap-2">
                  {item.review ? <ReviewBadge state={item.review.state} /> : null}
                  {item.rating ? <StarsShown rating={item.rating} /> : null}
                  {item.tags.length ? <TagList tags={item.tags} /> : null}
                </div>
              ) : null}
            </div>
            <div className="flex shrink-0 flex-wrap gap-2">
              <FavouriteButton id={item.id} label={item.prompt || item.modelLabel} favourite={item.favourite} />
              {steps.map((step) => (
                <button
                  key={step.key}
                  type="button"
                  onClick={step.go ?? undefined}
                  disabled={!step.go}
                  className={buttonClass("secondary", "sm")}
                  aria-label={step.label}
                  aria-keyshortcuts={step.key}
                >
                  <step.icon className="size-4" aria-hidden="true" />
                </button>
              ))}
              <a href={item.media.downloadUrl} download className={buttonClass("primary", "sm")}>
                <Download className="size-4" aria-hidden="true" /> Download
              </a>
              <Link href={`/tasks/${item.id}`} className={buttonClass("secondary", "sm")}>
                <ExternalLink className="size-4" aria-hidden="true" /> Task
              </Link>
              <button type="button" onClick={() => dialog.current?.close()} className={buttonClass("ghost", "sm")} aria-label="Close">
                <X className="size-4" aria-hidden="true" />
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
