"use client";
import { Star } from "lucide-react";
import { useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { labelErrorText, useSetRating } from "@/lib/client/labels";

import { STARS, StarsShown, starsText } from "./stars-shown";

/**
 * The team's rating of an output. Its owner and admins choose 1 to 5 stars with native radio
 * buttons (arrow keys move between them; hovering previews), and can clear it; others read it.
 */
export function RatingStars({ id, rating, editable }: { id: string; rating: number | null; editable: boolean }) {
  const save = useSetRating(id);
  const [preview, setPreview] = useState<number | null>(null);
  const name = useId();
  const error = labelErrorText(save.error);
  if (!editable) {
    return rating ? (
      <p className="flex items-center gap-2 text-sm text-zinc-700">
        <StarsShown rating={rating} /> {starsText(rating)}
      </p>
    ) : (
      <p className="text-sm text-zinc-500">Not rated yet.</p>
    );
  }
  const shown = preview ?? rating ?? 0;
  return (
    <div className="space-y-1">
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="sr-only">Rating</legend>
        <div className="flex items-center" onMouseLeave={() => setPreview(null)}>
          {STARS.map((star) => (
            <span key={star} className="relative">
              <input
                id={`${name}-${star}`}
                type="radio"
                name={name}
                value={star}
                checked={rating === star}
                onChange={() => save.mutate(star)}
                className="peer sr-only"
              />
              <label
                htmlFor={`${name}-${star}`}
                onMouseEnter={() => setPreview(star)}
                className="flex size-9 cursor-pointer items-center justify-center rounded-md peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500/60"
              >
                <Star
                  className={cn("size-6 transition-colors", star <= shown ? "fill-amber-400 text-amber-400" : "text-zinc-400")}
                  aria-hidden="true"
                />
                <span className="sr-only">{starsText(star)}</span>
              </label>
            </span>
          ))}
        </div>
        <span className="text-sm text-zinc-600" aria-live="polite">
          {rating ? starsText(rating) : "Not rated"}
        </span>
        {rating ? (
          <button
            type="button"
            onClick={() => save.mutate(null)}
            className="rounded text-sm font-medium text-zinc-600 underline-offset-2 hover:text-zinc-900 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/60"
          >
            Clear rating
          </button>
        ) : null}
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
