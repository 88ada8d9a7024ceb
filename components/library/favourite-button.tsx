"use client";
import { Star } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { useFavourite } from "@/lib/client/favourites";

/**
 * My star on an output: a toggle (aria-pressed), private to me. `overlay` sits on a gallery card's
 * picture; `labelled` (a task's page) says "Favourite" beside the star, as the other actions do.
 */
export function FavouriteButton({
  id,
  label,
  favourite,
  overlay = false,
  labelled = false,
}: {
  id: string;
  /** What the output is called for a screen reader: its prompt, or its model. */
  label: string;
  favourite: boolean;
  overlay?: boolean;
  labelled?: boolean;
}) {
  const mark = useFavourite();
  return (
    <button
      type="button"
      aria-pressed={favourite}
      // Labelled, the visible word is the name and aria-pressed says whether it is on.
      aria-label={labelled ? undefined : favourite ? `Remove “${label}” from my favourites` : `Add “${label}” to my favourites`}
      title={favourite ? "Remove from my favourites" : "Add to my favourites"}
      onClick={() => mark.mutate({ id, favourite: !favourite })}
      className={cn(
        "inline-flex shrink-0 items-center justify-center gap-2 font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/60",
        labelled
          ? "h-10 rounded-lg border border-zinc-300 bg-surface px-4 text-sm text-zinc-800 shadow-sm hover:bg-zinc-50"
          : overlay
            ? "size-8 rounded-full bg-black/60 text-white hover:bg-black/75"
            : "size-8 rounded-full border border-zinc-300 bg-surface text-zinc-700 hover:bg-zinc-50",
      )}
    >
      <Star className={cn("size-4", favourite ? "fill-amber-400 text-amber-400" : null)} aria-hidden="true" />
      {labelled ? "Favourite" : null}
    </button>
  );
}
