import { choiceLabel } from "../choice-labels";
import { humanize } from "../format";
import type { FieldSpec, ImageField, ImageListField, SegmentsField, TextField } from "./fields";

export { humanize };

// A provider's request schema (JSON Schema, as OpenAPI documents it) turned into Cutroom's field
// list, from which the form and the server's zod schema are both built. The mapping:
//   enum / anyOf of consts     -> choice (typed: 5 stays a number on the wire)
//   boolean                    -> switch
//   integer / number           -> number (a slider when bounded)
//   string, format uri, image  -> image input (upload or public link)
//   string, format uri         -> link
//   string                     -> text (multi-line for prompts)
//   array of image uris        -> several images
//   array of strings           -> a list of texts
// A property of any other shape is left out (so never sent); if it is required, the model cannot be
// offered, and the reason says which field.

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  title?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  $ref?: string;
};

export type ConvertedSchema = { fields: FieldSpec[]; problems: string[] };

const PROMPT_MAX = 5000;
const TEXT_MAX = 500;
const URL_MAX = 2048;
const LIST_MAX = 10;

/** Drops `null` from a nullable union (anyOf [X, {type: null}]), which only means "optional" here. */
function withoutNull(schema: JsonSchema): JsonSchema {
  const types = Array.isArray(schema.type) ? schema.type.filter((type) => type !== "null") : null;
  if (types) return { ...schema, type: types.length === 1 ? types[0] : types };
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = schema[key];
    if (!branches) continue;
    const rest = branches.filter((branch) => branch.type !== "null" && !(branch.const === null && Object.keys(branch).length === 1));
    if (rest.length === 1 && rest.length !== branches.length) {
      const { [key]: _dropped, ...outer } = schema;
      return { ...outer, ...withoutNull(rest[0]!) };
    }
  }
  return schema;
}

function allowedValues(schema: JsonSchema): unknown[] | null {
  if (Array.isArray(schema.enum)) return schema.enum.filter((value) => value !== null);
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = schema[key];
    if (branches?.length && branches.every((branch) => "const" in branch)) {
      return branches.map((branch) => branch.const).filter((value) => value !== null);
    }
  }
  return null;
}

const IMAGE_NAME = /image|frame|photo|picture/i;
const PROMPT_NAME = /prompt/i;

function looksLikeImage(name: string, schema: JsonSchema): boolean {
  return (schema.format === "uri" || /_urls?$/i.test(name)) && IMAGE_NAME.test(name);
}

/** "Image URL" -> "Image", "Reference image URLs" -> "Reference images": people pick images, not URLs. */
function imageLabel(label: string): string {
  return label.replace(/ URL$/, "").replace(/ URLs$/, "s");
}

function help(schema: JsonSchema): { help?: string } {
  return schema.description ? { help: schema.description.slice(0, 300) } : {};
}

function choiceFrom(name: string, label: string, schema: JsonSchema, values: unknown[], required: boolean): FieldSpec | string {
  if (values.length === 0) return `${label} allows no values`;
  const kinds = new Set(values.map((value) => typeof value));
  if (kinds.size !== 1 || !["string", "number", "boolean"].includes([...kinds][0]!)) return `${label} mixes value types`;
  const kind = [...kinds][0] as "string" | "number" | "boolean";
  const valueType = kind === "number" ? (values.every((value) => Number.isInteger(value)) ? "integer" : "number") : kind;
  // Seconds read better with their unit: "5 s", not "5".
  const seconds = name === "duration" && kind === "number";
  const options = values.map((value) => ({
    value: String(value),
    label: seconds ? `${value} s` : choiceLabel(value as string | number | boolean),
  }));
  const fallback = schema.default !== undefined && values.includes(schema.default) ? String(schema.default) : options[0]!.value;
  return {
    kind: "choice",
    name,
    label,
    options,
    defaultValue: fallback,
    ...(required ? {} : { optional: true }),
    ...(valueType === "string" ? {} : { valueType }),
    ...help(schema),
  };
}

function fieldFrom(name: string, raw: JsonSchema, required: boolean): FieldSpec | string | null {
  const schema = withoutNull(raw);
  const label = schema.title?.trim() || humanize(name);
  if (schema.$ref) return `${label} refers to a definition Cutroom cannot read`;
  const values = allowedValues(schema);
  if (values) return choiceFrom(name, label, schema, values, required);
  const type = Array.isArray(schema.type) ? null : schema.type;

  switch (type) {
    case "boolean":
      return {
        kind: "switch",
        name,
        label,
        defaultValue: typeof schema.default === "boolean" ? schema.default : false,
        ...(required ? {} : { optional: true }),
        ...help(schema),
      };
    case "integer":
    case "number": {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (type === "integer" ? 1 : 0) : undefined);
      const max =
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (type === "integer" ? 1 : 0) : undefined);
      return {
        kind: "number",
        name,
        label,
        required,
        integer: type === "integer",
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        ...(typeof schema.default === "number" ? { defaultValue: schema.default } : {}),
        ...help(schema),
      };
    }
    case "string": {
      if (looksLikeImage(name, schema)) {
        const image: ImageField = { kind: "image", name, label: imageLabel(label), required, ...help(schema) };
        return image;
      }
      const text: TextField = {
        kind: "text",
        name,
        label,
        required,
        maxLength: Math.min(
          schema.maxLength ?? (PROMPT_NAME.test(name) ? PROMPT_MAX : schema.format === "uri" ? URL_MAX : TEXT_MAX),
          PROMPT_MAX,
        ),
        multiline: PROMPT_NAME.test(name),
        ...(schema.format === "uri" ? { format: "url" as const } : {}),
        ...help(schema),
      };
      return text;
    }
    case "array": {
      const items = withoutNull(schema.items ?? {});
      const min = Math.max(schema.minItems ?? (required ? 1 : 0), required ? 1 : 0);
      const max = Math.max(min, Math.min(schema.maxItems ?? LIST_MAX, LIST_MAX));
      if (items.type === "string" && looksLikeImage(name, items.format ? items : { ...items, format: "uri" })) {
        const list: ImageListField = { kind: "images", name, label: imageLabel(label), min, max, ...help(schema) };
        return list;
      }
      if (items.type === "string" && !allowedValues(items)) {
        const list: SegmentsField = {
          kind: "segments",
          name,
          label,
          min,
          max,
          maxLength: Math.min(items.maxLength ?? TEXT_MAX, PROMPT_MAX),
          itemLabel: "Item",
          ...help(schema),
        };
        return list;
      }
      return `${label} is a list of a kind Cutroom cannot show`;
    }
    default:
      return type ? `${label} is of type ${type}, which Cutroom cannot show` : null;
  }
}

/**
 * Builds the field list of one request schema. Fields keep the schema's order, with the prompt
 * first, as the provider's own docs show them.
 */
export function fieldsFromJsonSchema(schema: JsonSchema): ConvertedSchema {
  const root = withoutNull(schema);
  const properties = root.properties ?? {};
  const required = new Set(root.required ?? []);
  const fields: FieldSpec[] = [];
  const problems: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) {
      if (required.has(name)) problems.push(`The required field "${name.slice(0, 64)}" has a name Cutroom does not accept.`);
      continue;
    }
    const field = fieldFrom(name, property, required.has(name));
    if (typeof field === "string" || field === null) {
      // Left out, so never sent; a required one makes the model unusable.
      if (required.has(name)) problems.push(`The required field "${name}" cannot be shown: ${field ?? "it has no type"}.`);
      continue;
    }
    fields.push(field);
  }
  if (root.type !== undefined && root.type !== "object") problems.push("The request body is not a JSON object.");
  if (fields.length === 0 && problems.length === 0) problems.push("The request schema defines no fields.");
  fields.sort((a, b) => Number(b.name === "prompt") - Number(a.name === "prompt"));
  return { fields, problems };
}
