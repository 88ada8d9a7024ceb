import { Badge } from "@/components/ui/badge";
import type { ShareStatus } from "@/lib/shared/shares";

const STATUS: Record<ShareStatus, { label: string; tone: "green" | "neutral" | "red" }> = {
  active: { label: "Active", tone: "green" },
  expired: { label: "Expired", tone: "neutral" },
  revoked: { label: "Revoked", tone: "red" },
};

export function ShareStatusBadge({ status }: { status: ShareStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}
