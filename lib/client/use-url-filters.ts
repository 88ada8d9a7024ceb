"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useRef } from "react";
import * as z from "zod/mini";

export type FiltersUpdate<T> = T | ((current: T) => T);

/**
 * Filters kept in the page's URL, so a view can be shared or bookmarked: parsed with the same
 * schema the API uses (an unknown or broken parameter falls back to the defaults), and written back
 * with `replace`, dropping the page cursor.
 */
export function useUrlFilters<S extends z.ZodMiniType>(schema: S, toParams: (filters: z.infer<S>) => URLSearchParams) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const cursor = params.get("cursor");
  const query = useMemo(() => {
    const copy = new URLSearchParams(params);
    copy.delete("cursor");
    return copy.toString();
  }, [params]);
  const filters = useMemo(() => {
    const parsed = z.safeParse(schema, Object.fromEntries(new URLSearchParams(query)));
    return (parsed.success ? parsed.data : z.parse(schema, {})) as z.infer<S>;
  }, [query, schema]);
  const apiQuery = useMemo(() => toParams(filters).toString(), [filters, toParams]);

  // The URL updates a moment after `replace`; a second change before then must build on the first,
  // not on the filters of the last render (two quick changes would otherwise undo each other).
  const pending = useRef<{ from: string; next: z.infer<S> } | null>(null);
  const setFilters = useCallback(
    (next: FiltersUpdate<z.infer<S>>) => {
      const base = pending.current?.from === query ? pending.current.next : filters;
      const value = typeof next === "function" ? (next as (current: z.infer<S>) => z.infer<S>)(base) : next;
      pending.current = { from: query, next: value };
      const search = toParams(value).toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [filters, pathname, query, router, toParams],
  );
  const setCursor = useCallback(
    (next: string | null) => {
      const search = new URLSearchParams(apiQuery);
      if (next) search.set("cursor", next);
      router.push(search.toString() ? `${pathname}?${search}` : pathname);
    },
    [apiQuery, pathname, router],
  );
  return { filters, apiQuery, cursor, setFilters, setCursor };
}

/** A local calendar day as the start of that day in ISO form, and back. */
export function dayToIso(day: string, offsetDays = 0): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + offsetDays);
  return date.toISOString();
}

export function isoToDay(iso: string | undefined, offsetDays = 0): string {
  if (!iso) return "";
  const date = new Date(iso);
  date.setDate(date.getDate() + offsetDays);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
