"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreatePresetInput, PresetView, UpdatePresetInput } from "@/lib/shared/presets";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

/** My presets and the team's shared ones; read when the Presets menu is first opened. */
export function usePresets(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.presets,
    queryFn: () => apiFetch<{ presets: PresetView[] }>("/api/presets").then((body) => body.presets),
    enabled,
    staleTime: 30_000,
  });
}

export function useCreatePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePresetInput) =>
      apiFetch<{ preset: PresetView }>("/api/presets", { method: "POST", json: input }).then((body) => body.preset),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.presets }),
  });
}

export function useUpdatePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdatePresetInput & { id: string }) =>
      apiFetch<{ preset: PresetView }>(`/api/presets/${encodeURIComponent(id)}`, { method: "PATCH", json: input }).then(
        (body) => body.preset,
      ),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.presets }),
  });
}

export function useDeletePreset() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ id: string }>(`/api/presets/${encodeURIComponent(id)}`, { method: "DELETE" }),
    // Refreshed on a refusal too: a preset deleted meanwhile leaves the list.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.presets }),
  });
}
