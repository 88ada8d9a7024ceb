"use client";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

/**
 * False while the server renders and while the browser hydrates that HTML, true afterwards. What
 * only the browser knows (its time zone and locale) is shown once this is true, so the first client
 * render matches the server's and React never finds text that differs (hydration error #418).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
