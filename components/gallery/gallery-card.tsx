"use client";
import { Check, Film, Play } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { useState } from "react";
import type { GalleryItem } from "@/lib/shared/gallery";
import { FavouriteButton } from "@/components/library/favourite-button";
import { ReviewBadge } from "@/components/library/review-badge";
import { StarsShown } from "@/components/library/stars-shown";

/**
 * One finished output: its poster, and a muted preview that plays only while the card is hovered
 * or focused (the video element exists only then, so nothing else downloads video).
 */
export function GalleryCard({
  item,
  onOpen,
  priority = false,
  selection,
}: {
  item: GalleryItem;
  onOpen: () => void;
  priority?: boolean;
  /** While choosing outputs (for a zip): a click chooses the card instead of opening it. */
  selection?: { selected: boolean; onToggle: () => void };
}) {
  const [previewing, setPreviewing] = useState(false);
  const video = item.media.kind === "video";
  return (
    <div role="listitem" className="relative min-w-0">
      <button
        type="button"
        onClick={selection ? selection.onToggle : onOpen}
        aria-pressed={selection ? selection.selected : undefined}
        onMouseEnter={() => setPreviewing(true)}
        onMouseLeave={() => setPreviewing(false)}
        onFocus={() => setPreviewing(true)}
        onBlur={() => setPreviewing(false)}
        className="group block w-full text-left"
      >
        <span className="relative block aspect-video overflow-hidden rounded-lg bg-zinc-900">
          {item.media.posterUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- a private poster from our own API
            <img
              src={item.media.posterUrl}
              alt=""
              loading={priority ? "eager" : "lazy"}
              fetchPriority={priority ? "high" : "auto"}
              decoding="async"
              className="size-full object-contain"
            />
          ) : (
            <span className="flex size-full items-center justify-center text-zinc-400">
              <Film className="size-6" aria-hidden="true" />
            </span>
          )}
          {video && previewing ? (
            <video
              src={item.media.url}
              muted
              autoPlay
              loop
              playsInline
              preload="auto"
              className="absolute inset-0 size-full object-contain"
              data-testid="hover-preview"
            />
          ) : null}
          {selection ? (
            <span
              className={cn(
                "absolute bottom-2 left-2 flex size-6 items-center justify-center rounded-md border-2 shadow-sm",
                selection.selected ? "border-brand-600 bg-brand-600 text-white" : "border-white bg-black/40 text-transparent",
              )}
              aria-hidden="true"
            >
              <Check className="size-4" />
            </span>
          ) : null}
          {selection?.selected ? (
            <span className="absolute inset-0 rounded-lg ring-4 ring-inset ring-brand-500" aria-hidden="true" />
          ) : null}
          {item.review ? <ReviewBadge state={item.review.state} className="absolute top-2 left-2 shadow-sm" /> : null}
          {video && !previewing ? (
            <span className="absolute bottom-2 right-2 flex size-7 items-center justify-center rounded-full bg-black/60 text-white">
              <Play className="size-3.5" aria-hidden="true" />
            </span>
          ) : null}
        </span>
        <span className="sr-only">{selection ? "Choose: " : "Open: "}</span>
        <span className="mt-1.5 block truncate text-sm font-medium text-zinc-800 group-hover:text-brand-700">
          {item.prompt || item.modelLabel}
        </span>
        <span className="flex items-center gap-1.5 text-xs text-zinc-500">
          <span className="min-w-0 truncate">
            {item.owner.name} · {item.modelDisplayLabel}
          </span>
          {item.rating ? <StarsShown rating={item.rating} className="ml-auto shrink-0" /> : null}
        </span>
      </button>
      {/* Beside the card's button, not in it: a button holds no other button. */}
      <span className="absolute top-2 right-2">
        <FavouriteButton id={item.id} label={item.prompt || item.modelLabel} favourite={item.favourite} overlay />
      </span>
    </div>
  );
}
