"use client";
import { useHydrated } from "@/lib/client/use-hydrated";
import { formatDateTime, formatDateTimeUtc } from "@/lib/shared/format";

/** A date and time in the viewer's own zone and locale (UTC until the page has hydrated). */
export function LocalTime({ iso, seconds = false }: { iso: string; seconds?: boolean }) {
  const hydrated = useHydrated();
  return <time dateTime={iso}>{hydrated ? formatDateTime(iso, seconds) : formatDateTimeUtc(iso, seconds)}</time>;
}
