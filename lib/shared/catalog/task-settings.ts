import { choiceLabel } from "../choice-labels";
import { humanize } from "../format";
import type { CatalogModel } from "./model";

// A task's settings as its page lists them: each named and valued as the Generate form showed it
// ("Mode: First and last frames", not "mode: frames"). Prompts, segments, the duration (shown as
// the length) and images are shown apart, so they are not settings here.

export type TaskSetting = { name: string; label: string; value: string };

const SHOWN_APART = new Set(["prompt", "segments", "duration"]);

const isImageRef = (value: unknown) =>
  Boolean(value && typeof value === "object" && !Array.isArray(value) && ("uploadId" in value || "url" in value));

export function taskSettingsOf(model: Pick<CatalogModel, "fields"> | undefined, input: Record<string, unknown>): TaskSetting[] {
  const settings: (TaskSetting & { order: number })[] = [];
  for (const [name, value] of Object.entries(input)) {
    if (SHOWN_APART.has(name) || value === undefined || value === null || isImageRef(value)) continue;
    if (Array.isArray(value) && value.every(isImageRef)) continue;
    const index = model?.fields.findIndex((candidate) => candidate.name === name) ?? -1;
    const field = index >= 0 ? model!.fields[index] : undefined;
    const label = field?.label ?? (name === "aspectRatio" ? "Aspect ratio" : humanize(name));
    let text: string;
    if (field?.kind === "choice") {
      text = field.options.find((option) => option.value === String(value))?.label ?? choiceLabel(String(value));
    } else if (typeof value === "boolean") {
      text = value ? "On" : "Off";
    } else {
      // Free text (a negative prompt, a link) reads as typed.
      text = Array.isArray(value) ? value.join(", ") : String(value);
      if (text === "") continue;
    }
    // The form's order first (as the task was filled in), then whatever the model no longer lists.
    settings.push({ name, label, value: text, order: index >= 0 ? index : Number.MAX_SAFE_INTEGER });
  }
  return settings
    .sort((a, b) => a.order - b.order || a.label.localeCompare(b.label))
    .map(({ name, label, value }) => ({ name, label, value }));
}
