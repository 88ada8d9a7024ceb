import { CheckCircle2, MessageSquareWarning } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { REVIEW_LABELS, type ReviewState } from "@/lib/shared/review";

/** An output's review state as a badge: green when approved, amber when changes are asked for. */
export function ReviewBadge({ state, className }: { state: ReviewState; className?: string }) {
  const Icon = state === "approved" ? CheckCircle2 : MessageSquareWarning;
  return (
    <Badge tone={state === "approved" ? "green" : "amber"} className={className}>
      <Icon className="size-3.5" aria-hidden="true" /> {REVIEW_LABELS[state]}
    </Badge>
  );
}
