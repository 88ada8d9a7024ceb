import { cn } from "./cn";

/** How much of a budget is used, as a bar that turns amber past 80% and red when used up. */
export function SpendMeter({ used, limit, label, className }: { used: number; limit: number; label: string; className?: string }) {
  const share = Math.min(100, Math.round((used / Math.max(limit, 1)) * 100));
  return (
    <div
      className={cn("overflow-hidden rounded-full bg-zinc-100", className)}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={share}
    >
      <div
        className={cn("h-full rounded-full", share >= 100 ? "bg-red-500" : share >= 80 ? "bg-amber-500" : "bg-brand-600")}
        style={{ width: `${share}%` }}
      />
    </div>
  );
}
