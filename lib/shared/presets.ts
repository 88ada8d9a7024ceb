import * as z from "zod/mini";
import type { FieldSpec } from "./catalog/fields";
import { noControlCharacters } from "./validation";

// Named presets on Generate: a model, its settings and (optionally) a prompt, private to their
// owner or shared with the team, applied in one click. Shared by the API and the Presets menu.

export const PRESET_NAME_MAX = 60;
/** A prompt is kept whole even past a model's limit (Generate's counter says how much to cut). */
export const PRESET_PROMPT_MAX = 20_000;
/** Enough for any model's settings; a preset is not a place to store files. */
export const PRESET_SETTINGS_MAX_BYTES = 16 * 1024;
/** Per person: a menu, not a library. */
export const PRESETS_PER_PERSON = 100;

const presetNameSchema = z
  .string({ error: "Name the preset." })
  .check(
    z.trim(),
    z.minLength(1, { error: "Name the preset." }),
    z.maxLength(PRESET_NAME_MAX, { error: `Use at most ${PRESET_NAME_MAX} characters.` }),
    noControlCharacters({ message: "Use letters, digits and punctuation only." }),
  );

const settingsSchema = z.record(z.string(), z.unknown(), { error: "Settings must be an object of the model's fields." }).check(
  z.refine((value) => JSON.stringify(value).length <= PRESET_SETTINGS_MAX_BYTES, {
    error: "These settings are too large for a preset.",
  }),
);

/** What a preset holds: checked against the model's own fields by the server. */
const presetContentShape = {
  provider: z.string({ error: "Choose a provider." }).check(z.minLength(1, { error: "Choose a provider." }), z.maxLength(40)),
  model: z.string({ error: "Choose a model." }).check(z.minLength(1, { error: "Choose a model." }), z.maxLength(200)),
  settings: settingsSchema,
  prompt: z
    .string({ error: "The prompt must be text." })
    .check(
      z.maxLength(PRESET_PROMPT_MAX, { error: `A preset's prompt is at most ${PRESET_PROMPT_MAX.toLocaleString("en-US")} characters.` }),
    ),
};

export const createPresetSchema = z.strictObject({
  name: presetNameSchema,
  shared: z._default(z.boolean({ error: "Shared is true or false." }), false),
  ...presetContentShape,
  prompt: z._default(presetContentShape.prompt, ""),
});
export type CreatePresetInput = z.infer<typeof createPresetSchema>;

/** A rename, a change of sharing, or new content (all of model, settings and prompt at once). */
export const updatePresetSchema = z
  .strictObject({
    name: z.optional(presetNameSchema),
    shared: z.optional(z.boolean({ error: "Shared is true or false." })),
    provider: z.optional(presetContentShape.provider),
    model: z.optional(presetContentShape.model),
    settings: z.optional(settingsSchema),
    prompt: z.optional(presetContentShape.prompt),
  })
  .check(
    z.refine((value) => Object.keys(value).length > 0, { error: "Say what to change: name, shared, or the settings." }),
    z.refine(
      (value) => {
        const content = [value.provider, value.model, value.settings].filter((part) => part !== undefined).length;
        return content === 0 || content === 3;
      },
      { error: "New settings come with their provider and model.", path: ["settings"] },
    ),
  );
export type UpdatePresetInput = z.infer<typeof updatePresetSchema>;

export type PresetView = {
  id: string;
  name: string;
  shared: boolean;
  /** Mine to rename, share or delete. */
  mine: boolean;
  /** Mine, or (for an admin) shared by a teammate. */
  canDelete: boolean;
  ownerName: string;
  provider: string;
  model: string;
  /** The picker's key for the model ("provider/id"). */
  modelKey: string;
  settings: Record<string, unknown>;
  prompt: string;
  updatedAt: string;
};

/** What a preset holds of a model's fields: all but the prompt (kept apart) and images (an upload is one person's file). */
export const presetKeeps = (field: FieldSpec) => field.name !== "prompt" && field.kind !== "image" && field.kind !== "images";

/** The settings a preset saves from the form's values: the model's own fields it keeps, nothing else. */
export function presetSettingsFrom(fields: readonly FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((field) => presetKeeps(field) && field.name in values).map((field) => [field.name, values[field.name]]),
  );
}
