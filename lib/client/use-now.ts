"use client";
import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `intervalMs` while `active` (for elapsed-time displays). A page
 * the server rendered passes the time it rendered at, so the browser's first render (hydration)
 * shows the same elapsed time as the server's HTML.
 */
export function useNow(active = true, intervalMs = 1000, renderedAt?: number): number {
  const [now, setNow] = useState(() => renderedAt ?? Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
