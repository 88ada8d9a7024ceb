import "server-only";
import type { JsonSchema } from "@/lib/shared/catalog/json-schema";

// The sandbox checks a create body against the model's published request schema, as the provider
// does: unknown fields, missing required ones, wrong types, values outside an enum or a range.
// Multipart bodies carry every value as text, so numbers and booleans are read back from text.

export type FieldError = { field: string; message: string };

function nonNull(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const rest = branches.filter((branch) => branch.type !== "null");
  return rest.length === 1 ? { ...schema, ...rest[0], anyOf: undefined, oneOf: undefined } : schema;
}

function coerce(value: unknown, schema: JsonSchema, fromText: boolean): unknown {
  if (!fromText || typeof value !== "string") return value;
  if (schema.type === "integer" || schema.type === "number") return value.trim() === "" ? value : Number(value);
  if (schema.type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  return value;
}

function checkValue(name: string, raw: unknown, property: JsonSchema, fromText: boolean): string | null {
  if (raw === null) return property.anyOf?.some((branch) => branch.type === "null") ? null : "must not be null";
  const schema = nonNull(property);
  const value = coerce(raw, schema, fromText);
  if (schema.enum && !schema.enum.includes(value)) return `must be one of ${schema.enum.map((item) => JSON.stringify(item)).join(", ")}`;
  switch (schema.type) {
    case "string":
      if (typeof value !== "string") return "must be a string";
      if (schema.format === "uri" && !/^(https?:\/\/\S+|upload:\S+)$/.test(value)) return "must be a URL";
      return null;
    case "integer":
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return `must be ${schema.type === "integer" ? "an integer" : "a number"}`;
      if (schema.type === "integer" && !Number.isInteger(value)) return "must be an integer";
      if (schema.minimum !== undefined && value < schema.minimum) return `must be at least ${schema.minimum}`;
      if (schema.maximum !== undefined && value > schema.maximum) return `must be at most ${schema.maximum}`;
      return null;
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "array": {
      const list = Array.isArray(value) ? value : fromText ? [value] : null;
      if (!list) return "must be a list";
      if (schema.maxItems !== undefined && list.length > schema.maxItems) return `takes at most ${schema.maxItems} items`;
      for (const item of list) {
        const problem = checkValue(`${name}[]`, item, schema.items ?? {}, fromText);
        if (problem) return `items ${problem}`;
      }
      return null;
    }
    default:
      return null;
  }
}

export function checkRequest(schema: JsonSchema, body: Record<string, unknown>, fromText: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (body[name] === undefined || body[name] === "") errors.push({ field: name, message: `${name} is required` });
  }
  for (const [name, value] of Object.entries(body)) {
    const property = properties[name];
    if (!property) {
      errors.push({ field: name, message: `${name} is not a field of this model` });
      continue;
    }
    if (value === undefined) continue;
    const problem = checkValue(name, value, property, fromText);
    if (problem) errors.push({ field: name, message: `${name} ${problem}` });
  }
  return errors;
}
