import type { HTMLAttributes } from "react";
import { cn } from "./cn";

export const cardClass = (className?: string) => cn("rounded-xl border border-zinc-200 bg-surface shadow-sm", className);

export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cardClass(className)} {...props} />;
}

/** A card that is a landmark of its own, named by its heading (one per provider, say). */
export function CardSection({ className, labelledBy, ...props }: HTMLAttributes<HTMLElement> & { labelledBy: string }) {
  return <section aria-labelledby={labelledBy} className={cardClass(className)} {...props} />;
}
