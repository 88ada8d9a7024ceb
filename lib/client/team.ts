"use client";
import { useQuery } from "@tanstack/react-query";
import type { ModelOption } from "@/lib/shared/catalog/options";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export type TeamDirectory = {
  members: { id: string; name: string }[];
  /** Every usable model, for the model filters (the catalog itself stays on the server). */
  models: { provider: string; providerLabel: string; id: string; label: string }[];
};

export function useTeam() {
  return useQuery({
    queryKey: queryKeys.team,
    queryFn: () => apiFetch<TeamDirectory>("/api/team"),
    staleTime: 5 * 60_000,
  });
}

export function useModels(initial?: ModelOption[]) {
  return useQuery({
    queryKey: queryKeys.models,
    queryFn: () => apiFetch<{ models: ModelOption[] }>("/api/models").then((body) => body.models),
    initialData: initial,
    staleTime: 5 * 60_000,
  });
}
