"use client";
import { Alert } from "@/components/ui/alert";
import { useProviderStatus } from "@/lib/client/provider-status";

/** Says so on Generate while the chosen model's provider is failing or holding calls back. */
export function ProviderBanner({ provider }: { provider: string }) {
  const statuses = useProviderStatus();
  const status = statuses.data?.find((entry) => entry.id === provider);
  if (!status?.message) return null;
  const tone = status.status === "paused" ? "warning" : "error";
  return <Alert tone={tone} title={status.message} />;
}
