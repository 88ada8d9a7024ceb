"use client";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { InviteInput, InviteView } from "@/lib/shared/invites";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export const invitesQuery = () =>
  queryOptions({
    queryKey: queryKeys.users.invites,
    queryFn: () => apiFetch<{ invites: InviteView[] }>("/api/admin/invites").then((body) => body.invites),
  });

export function useInvites(initial?: InviteView[]) {
  return useQuery({ ...invitesQuery(), initialData: initial });
}

/** Makes an invitation; the answer carries its link, which is shown this once. */
export function useCreateInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteInput) =>
      apiFetch<{ invite: InviteView; link: string }>("/api/admin/invites", { method: "POST", json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.users.invites }),
  });
}

export function useRevokeInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ id: string }>(`/api/admin/invites/${encodeURIComponent(id)}`, { method: "DELETE" }),
    // Refreshed on a refusal too: an invitation used or withdrawn meanwhile leaves the list.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.users.invites }),
  });
}
