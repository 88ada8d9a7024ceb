"use client";
import { useMutation } from "@tanstack/react-query";
import { withoutControlCharacters } from "@/lib/shared/validation";
import { apiFetch } from "./api";

export type UploadView = { id: string; mime: string; bytes: number; width: number; height: number; name: string | null };

export const ACCEPTED_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * The file's name for the x-file-name header: without the control characters the server refuses,
 * and without half a surrogate pair (which encodeURIComponent cannot encode), so no name a disk
 * can hold stops an upload.
 */
function fileNameHeader(name: string): string {
  // Iterating by code point yields an unpaired surrogate on its own (no look-behind: older Safari).
  const pairedOnly = Array.from(name)
    .filter((char) => !(char.length === 1 && char >= "\uD800" && char <= "\uDFFF"))
    .join("");
  return encodeURIComponent(withoutControlCharacters(pairedOnly));
}

export function useUploadImage() {
  return useMutation({
    mutationFn: (file: File) =>
      apiFetch<{ upload: UploadView }>("/api/uploads", {
        method: "POST",
        body: file,
        headers: { "content-type": file.type || "application/octet-stream", "x-file-name": fileNameHeader(file.name) },
      }).then((result) => result.upload),
  });
}
