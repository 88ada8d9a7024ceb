"use client";
import { Star } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { useFavourite } from "@/lib/client/gallery";
import type { GalleryItem } from "@/lib/shared/gallery";

/** My star on an output: a toggle (aria-pressed), private to me. */
export function FavouriteButton({ item, overlay = false }: { item: GalleryItem; overlay?: boolean }) {
  const favourite = useFavourite();
  const label = item.prompt || item.modelLabel;
  return (
    <button
      type="button"
      aria-pressed={item.favourite}
      aria-label={item.favourite ? `Remove “${label}” from my favourites` : `Add “${label}” to my favourites`}
      title={item.favourite ? "Remove from my favourites" : "Add to my favourites"}
      onClick={() => favourite.mutate({ id: item.id, favourite: !item.favourite })}
      className={cn(
        "inline-flex items-center justify-center rounded-full focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/60",
        overlay
          ? "size-8 bg-black/60 text-white hover:bg-black/75"
          : "size-8 border border-zinc-300 bg-surface text-zinc-700 hover:bg-zinc-50",
      )}
    >
      <Star className={cn("size-4", item.favourite ? "fill-amber-400 text-amber-400" : null)} aria-hidden="true" />
    </button>
  );
}
