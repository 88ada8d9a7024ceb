"use client";
import { Star } from "lucide-react";
import { cn } from "@/components/ui/cn";

/** "Favourites": narrows a list (gallery, tasks) to my favourites. Pressed, it is amber. */
export function FavouritesToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={() => onChange(!on)}
      // The same classes as a secondary button, with its colours swapped when pressed.
      className={cn(
        "inline-flex h-10 shrink-0 items-center justify-center gap-2 rounded-lg border px-4 text-sm font-medium shadow-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40",
        on ? "border-amber-400 bg-amber-50 text-amber-900 hover:bg-amber-200" : "border-zinc-300 bg-surface text-zinc-800 hover:bg-zinc-50",
      )}
    >
      <Star className={cn("size-4", on ? "fill-amber-400 text-amber-500" : null)} aria-hidden="true" />
      Favourites
    </button>
  );
}
