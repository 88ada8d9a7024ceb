"use client";

// The settings this browser last generated with, so the form opens where the person left off.

export type SavedSettings = { modelKey: string; values: Record<string, unknown> };

const KEY = "cutroom:last-settings";

export function rememberSettings(settings: SavedSettings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Private mode or a full quota: the form just starts fresh next time.
  }
}

export function recallSettings(): SavedSettings | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (
      parsed &&
      typeof parsed === "object" &&
      typeof (parsed as SavedSettings).modelKey === "string" &&
      typeof (parsed as SavedSettings).values === "object"
    ) {
      return parsed as SavedSettings;
    }
  } catch {
    // Unreadable: ignore it.
  }
  return null;
}
