"use client";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeleteUserInput, NewUserInput, UserChanges, UserView } from "@/lib/shared/users";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

export const usersQuery = () =>
  queryOptions({
    queryKey: queryKeys.users.all,
    queryFn: () => apiFetch<{ users: UserView[] }>("/api/admin/users").then((body) => body.users),
  });

export function useUsers(initial?: UserView[]) {
  return useQuery({ ...usersQuery(), initialData: initial });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUserInput) =>
      apiFetch<{ user: UserView }>("/api/admin/users", { method: "POST", json: input }).then((body) => body.user),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
}

/** Role, disabled or a new password for one user; the list refreshes afterwards. */
export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UserChanges }) =>
      apiFetch<{ user: UserView }>(`/api/admin/users/${encodeURIComponent(id)}`, { method: "PATCH", json: changes }).then(
        (body) => body.user,
      ),
    onSuccess: (user) => {
      client.setQueryData<UserView[]>(queryKeys.users.all, (list) => list?.map((item) => (item.id === user.id ? user : item)));
      void client.invalidateQueries({ queryKey: queryKeys.team });
    },
  });
}

/** Deletes a teammate, their tasks handed to `reassignTo` or kept under "former member" (null). */
export function useDeleteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reassignTo }: { id: string; reassignTo: string | null }) =>
      apiFetch<{ user: UserView; tasksReassigned: number }>(`/api/admin/users/${encodeURIComponent(id)}`, {
        method: "DELETE",
        json: { reassignTo } satisfies DeleteUserInput,
      }),
    onSuccess: (_, { id }) => {
      client.setQueryData<UserView[]>(queryKeys.users.all, (list) => list?.filter((item) => item.id !== id));
      // Owner names (and, when reassigned, owners) changed wherever tasks are shown.
      for (const key of [queryKeys.team, queryKeys.tasks.all, ["gallery"]]) void client.invalidateQueries({ queryKey: key });
    },
  });
}
