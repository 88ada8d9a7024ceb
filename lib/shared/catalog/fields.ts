import * as z from "zod/mini";
import { isPublicHttpsUrl } from "../public-url";
import { emptyAsAbsent, hasControlCharacters, noControlCharacters } from "../validation";

// A model's form is declared once as a list of fields; the zod schema that the server validates with
// is built from the same list, so the form and the API can never disagree about what is valid.

export type TextField = {
  kind: "text";
  name: string;
  label: string;
  required: boolean;
  maxLength: number;
  /** Prompts get a multi-line box; short values (a seed phrase, a URL) a single line. */
  multiline?: boolean;
  /** "url": a public https link the provider fetches (never Cutroom). */
  format?: "url";
  placeholder?: string;
  help?: string;
};

export type ChoiceField = {
  kind: "choice";
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  defaultValue: string;
  /** May be left out of an API request (the provider's default applies); the form always sends it. */
  optional?: boolean;
  /** The type the provider wants on the wire; the form always holds the option's string. */
  valueType?: "string" | "integer" | "number" | "boolean";
  help?: string;
};

export type NumberField = {
  kind: "number";
  name: string;
  label: string;
  required: boolean;
  integer: boolean;
  min?: number;
  max?: number;
  defaultValue?: number;
  help?: string;
};

export type SwitchField = {
  kind: "switch";
  name: string;
  label: string;
  defaultValue: boolean;
  optional?: boolean;
  help?: string;
};

export type ImageField = {
  kind: "image";
  name: string;
  label: string;
  required: boolean;
  help?: string;
};

/** Several images for one field (reference images, say): each uploaded or a public link. */
export type ImageListField = {
  kind: "images";
  name: string;
  label: string;
  min: number;
  max: number;
  help?: string;
};

export type SegmentsField = {
  kind: "segments";
  name: string;
  label: string;
  min: number;
  max: number;
  maxLength: number;
  /** Seconds of video per item (long video); absent for a plain list of texts. */
  secondsEach?: number;
  /** What one item is called in the editor ("Segment", "Item", "Link"). */
  itemLabel?: string;
  /** "url": each item is a public https link the provider fetches. */
  format?: "url";
  help?: string;
};

export type FieldSpec = TextField | ChoiceField | NumberField | SwitchField | ImageField | ImageListField | SegmentsField;

/**
 * A rule across fields, declared as data so it travels to the form with the model and the browser
 * and the server check the same thing. A field counts as set when it has a value that is not empty.
 * - exclusive: fields of at most one group may be set (APIDot: frames or references, never both).
 * - requires: when `field` is set, `needs` must be set too.
 * - maxItemsWhen: a list holds at most `max` items while another field equals a value.
 * - anyOf: at least one of `fields` is set (Seedance 2.0 on AIVideoMaker: a prompt, an image or both).
 */
export type FieldRule =
  | { kind: "exclusive"; groups: readonly (readonly string[])[]; message: string }
  | { kind: "requires"; field: string; needs: string; message: string }
  | { kind: "maxItemsWhen"; field: string; when: { field: string; equals: string }; max: number; message: string }
  | { kind: "anyOf"; fields: readonly string[]; message: string };

/**
 * An image for a model: one uploaded to Cutroom (sent to the provider as its bytes), or a public
 * https URL that Cutroom passes to the provider as it is and never fetches itself.
 */
const uuidCheck = z.uuid();
const httpsUrlCheck = z.url({ protocol: /^https$/ }).check(z.maxLength(2048));

export const imageRefSchema = z.pipe(
  z.strictObject({ uploadId: z.optional(z.string()), url: z.optional(z.string()) }, { error: "Choose an image." }).check(
    z.superRefine((value, ctx) => {
      if (value.uploadId !== undefined && value.url !== undefined) {
        ctx.addIssue({ code: "custom", message: "Use either an uploaded image or a link, not both." });
      } else if (value.uploadId !== undefined) {
        if (!uuidCheck.safeParse(value.uploadId).success)
          ctx.addIssue({ code: "custom", message: "Upload the image again: this reference is not valid." });
      } else if (value.url !== undefined) {
        if (!httpsUrlCheck.safeParse(value.url).success || hasControlCharacters(value.url))
          ctx.addIssue({ code: "custom", message: "Use a public https:// link to an image (2048 characters at most)." });
        else if (!isPublicHttpsUrl(value.url))
          ctx.addIssue({
            code: "custom",
            message: "The provider cannot reach this link: use one on the public internet, without a password in it.",
          });
      } else {
        ctx.addIssue({ code: "custom", message: "Choose an image." });
      }
    }),
  ),
  z.transform((value): { uploadId: string } | { url: string } =>
    value.uploadId !== undefined ? { uploadId: value.uploadId } : { url: value.url! },
  ),
);
export type ImageRef = z.infer<typeof imageRefSchema>;

/** A choice's option string as the provider's type: "5" -> 5 for an integer enum, "true" -> true. */
export function typedChoice(field: ChoiceField, value: string): string | number | boolean {
  if (field.valueType === "integer" || field.valueType === "number") return Number(value);
  if (field.valueType === "boolean") return value === "true";
  return value;
}

function textSchema(field: TextField): z.ZodMiniType {
  const checks = [
    z.trim(),
    z.maxLength(field.maxLength, { error: `${field.label} can be at most ${field.maxLength} characters.` }),
    // Line breaks are text where the form shows a box for several lines (by default, but for links).
    noControlCharacters({ multiline: field.multiline ?? field.format !== "url" }),
  ] as const;
  let text: z.ZodMiniType<string> = z.string({ error: `${field.label} must be text.` }).check(...checks);
  if (field.format === "url") {
    text = z.string({ error: `${field.label} must be a link.` }).check(
      ...checks,
      z.refine((value) => value === "" || isPublicHttpsUrl(value), {
        error: "Use a public https:// link the provider can reach.",
      }),
    );
  }
  if (field.required) return (text as z.ZodMiniString).check(z.minLength(1, { error: `Enter a ${field.label.toLowerCase()}.` }));
  // An optional text that is left empty is sent as absent, not as "".
  return emptyAsAbsent(text);
}

function numberSchema(field: NumberField): z.ZodMiniType {
  const range =
    field.min !== undefined && field.max !== undefined
      ? `from ${field.min} to ${field.max}`
      : field.min !== undefined
        ? `of at least ${field.min}`
        : field.max !== undefined
          ? `of at most ${field.max}`
          : "";
  const message = `${field.label} must be ${field.integer ? "a whole number" : "a number"}${range ? ` ${range}` : ""}.`;
  const number = z.number({ error: message }).check(
    z.refine((value) => Number.isFinite(value) && (!field.integer || Number.isInteger(value)), { error: message }),
    z.refine((value) => (field.min === undefined || value >= field.min) && (field.max === undefined || value <= field.max), {
      error: message,
    }),
  );
  // The form's input holds text; the API may send a number. Empty means absent.
  const coerced = z.pipe(
    z.transform((value: unknown) => (typeof value === "string" ? (value.trim() === "" ? undefined : Number(value)) : value)),
    field.required ? number : z.optional(number),
  );
  return field.required ? coerced : z.optional(coerced);
}

/** An optional list: left out, or empty, it is sent as absent. */
function emptyListAsAbsent<T>(list: z.ZodMiniType<T[]>) {
  return z.optional(
    z.pipe(
      list,
      z.transform((value: T[]) => (value.length === 0 ? undefined : value)),
    ),
  );
}

function fieldSchema(field: FieldSpec): z.ZodMiniType {
  switch (field.kind) {
    case "text":
      return textSchema(field);
    case "choice": {
      const values = field.options.map((option) => option.value) as [string, ...string[]];
      const choice = z.enum(values, { error: `Choose one of: ${field.options.map((option) => option.label).join(", ")}.` });
      // Typed enums (5, 10; true/false) travel as strings in the form and as their type on the wire.
      const typed =
        !field.valueType || field.valueType === "string"
          ? choice
          : z.pipe(
              z.transform((value: unknown) => (typeof value === "number" || typeof value === "boolean" ? String(value) : value)),
              z.pipe(
                choice,
                z.transform((value: string) => typedChoice(field, value)),
              ),
            );
      // An empty option ("No images", "Model default") means the field is left out of the request.
      if (values.includes(""))
        return z.optional(
          z.pipe(
            typed,
            z.transform((value: string | number | boolean) => (value === "" ? undefined : value)),
          ),
        );
      return field.optional ? z.optional(typed) : typed;
    }
    case "number":
      return numberSchema(field);
    case "switch": {
      const flag = z.boolean({ error: `${field.label} must be on or off.` });
      return field.optional ? z.optional(flag) : flag;
    }
    case "image":
      return field.required ? imageRefSchema : z.optional(imageRefSchema);
    case "images": {
      const list = z
        .array(imageRefSchema, { error: `Add images for ${field.label.toLowerCase()}.` })
        .check(
          z.minLength(field.min, { error: `Add at least ${field.min} image${field.min === 1 ? "" : "s"}.` }),
          z.maxLength(field.max, { error: `${field.label} takes at most ${field.max} images.` }),
        );
      return field.min > 0 ? list : emptyListAsAbsent(list);
    }
    case "segments": {
      const item = (field.itemLabel ?? "Segment").toLowerCase();
      const list = z
        .array(
          z.string({ error: `Each ${item} needs a prompt.` }).check(
            z.trim(),
            z.minLength(1, {
              error: field.secondsEach ? `Write a prompt for this ${item} or remove it.` : `Fill in this ${item} or remove it.`,
            }),
            z.maxLength(field.maxLength, { error: `A ${item} can be at most ${field.maxLength} characters.` }),
            noControlCharacters({ multiline: true }),
            ...(field.format === "url"
              ? [
                  z.refine((value: unknown) => typeof value === "string" && isPublicHttpsUrl(value), {
                    error: "Use a public https:// link the provider can reach.",
                  }),
                ]
              : []),
          ),
          { error: `Add at least one ${item}.` },
        )
        .check(
          z.minLength(field.min, { error: `Add at least ${field.min} ${item}${field.min === 1 ? "" : "s"}.` }),
          z.maxLength(field.max, { error: `${field.label} takes at most ${field.max} ${item}s.` }),
        );
      return field.min > 0 ? list : emptyListAsAbsent(list);
    }
  }
}

const isSet = (value: unknown) => value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);

/** The first broken rule's message, at the field it is about; nothing when the input keeps them all. */
export function ruleIssues(rules: readonly FieldRule[], input: Record<string, unknown>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const rule of rules) {
    if (rule.kind === "exclusive") {
      const used = rule.groups.map((group) => group.filter((name) => isSet(input[name])));
      const groupsUsed = used.filter((names) => names.length > 0);
      // The message goes on the later group's first field: the one that clashes with what came first.
      if (groupsUsed.length > 1) issues.push({ path: groupsUsed[1]![0]!, message: rule.message });
    } else if (rule.kind === "requires") {
      if (isSet(input[rule.field]) && !isSet(input[rule.needs])) issues.push({ path: rule.needs, message: rule.message });
    } else if (rule.kind === "anyOf") {
      // The message goes on the first field: the one the form shows first.
      if (!rule.fields.some((name) => isSet(input[name]))) issues.push({ path: rule.fields[0]!, message: rule.message });
    } else if (
      input[rule.when.field] === rule.when.equals &&
      Array.isArray(input[rule.field]) &&
      (input[rule.field] as unknown[]).length > rule.max
    ) {
      issues.push({ path: rule.field, message: rule.message });
    }
  }
  return issues;
}

export function schemaForFields(fields: readonly FieldSpec[], rules: readonly FieldRule[] = []) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const field of fields) shape[field.name] = fieldSchema(field);
  // Unknown keys are rejected rather than dropped: nothing the form did not define reaches a provider.
  const object = z.strictObject(shape);
  if (rules.length === 0) return object;
  return object.check(
    z.superRefine((value, ctx) => {
      for (const issue of ruleIssues(rules, value as Record<string, unknown>)) {
        ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message, input: value });
      }
    }),
  );
}

export function defaultValuesForFields(fields: readonly FieldSpec[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.kind === "text") values[field.name] = "";
    if (field.kind === "choice") values[field.name] = field.defaultValue;
    if (field.kind === "number") values[field.name] = field.defaultValue === undefined ? "" : String(field.defaultValue);
    if (field.kind === "switch") values[field.name] = field.defaultValue;
    if (field.kind === "images") values[field.name] = [];
    if (field.kind === "segments") values[field.name] = field.min > 0 ? [""] : [];
  }
  return values;
}

const schemaCache = new WeakMap<readonly FieldSpec[], Map<readonly FieldRule[] | undefined, ReturnType<typeof schemaForFields>>>();

/** The zod schema of a model's input (its fields and cross-field rules), built once per model. */
export function inputSchemaFor(model: { fields: readonly FieldSpec[]; rules?: readonly FieldRule[] }) {
  // Models may share a rule list (Seedance 2 and its fast twin), never a field list with other rules.
  let byRules = schemaCache.get(model.fields);
  if (!byRules) schemaCache.set(model.fields, (byRules = new Map()));
  let schema = byRules.get(model.rules);
  if (!schema) {
    schema = schemaForFields(model.fields, model.rules);
    byRules.set(model.rules, schema);
  }
  return schema;
}
