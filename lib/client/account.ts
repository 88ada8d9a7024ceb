"use client";
import { useMutation } from "@tanstack/react-query";
import type { PasswordChangeInput } from "@/lib/shared/account";
import { apiFetch } from "./api";

/** Changes the signed-in person's own password; their other sessions end, this one stays. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (input: PasswordChangeInput) =>
      apiFetch<{ otherSessionsEnded: number }>("/api/account/password", { method: "POST", json: input }),
  });
}
