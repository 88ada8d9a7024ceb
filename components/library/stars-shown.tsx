import { Star } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { RATING_MAX } from "@/lib/shared/library";

export const STARS = Array.from({ length: RATING_MAX }, (_, index) => index + 1);
export const starsText = (count: number) => `${count} star${count === 1 ? "" : "s"}`;

/** Stars filled up to `rating`, for reading (cards, read-only views). */
export function StarsShown({ rating, className }: { rating: number; className?: string }) {
  return (
    <span className={cn("inline-flex items-center", className)} role="img" aria-label={`Rated ${rating} of ${RATING_MAX} stars`}>
      {STARS.map((star) => (
        <Star
          key={star}
          className={cn("size-3.5", star <= rating ? "fill-amber-400 text-amber-400" : "text-zinc-300")}
          aria-hidden="true"
        />
      ))}
    </span>
  );
}
