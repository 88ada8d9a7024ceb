"use client";
import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "./api";

export type UploadView = { id: string; mime: string; bytes: number; width: number; height: number; name: string | null };

export const ACCEPTED_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export function useUploadImage() {
  return useMutation({
    mutationFn: (file: File) =>
      apiFetch<{ upload: UploadView }>("/api/uploads", {
        method: "POST",
        body: file,
        headers: { "content-type": file.type || "application/octet-stream", "x-file-name": encodeURIComponent(file.name) },
      }).then((result) => result.upload),
  });
}
