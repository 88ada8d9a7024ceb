"use client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { isApiError } from "./api";

/**
 * Puts an API error's field messages on the form's fields; returns the message to show above the
 * form for whatever is not tied to a field.
 */
export function applyApiError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  known: readonly string[],
): string | null {
  if (!isApiError(error)) return "Something went wrong. Try again.";
  let unplaced = false;
  for (const [field, message] of Object.entries(error.fields)) {
    const root = field.split(".")[0]!;
    if (known.includes(root)) setError(field as Path<T>, { type: "server", message });
    else unplaced = true;
  }
  return Object.keys(error.fields).length === 0 || unplaced ? error.message : null;
}
