import "server-only";

// Checks of one submit field each, by the vendor's docs (docs/provider-contracts.md §3.3). Each answers the 400's
// message, or null when the field is fine (or absent and optional).

export type Input = Record<string, unknown>;
export type Check = () => string | null;

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export const has = (input: Input, name: string) => input[name] !== undefined;
/** Present and, for a list, not empty. */
export const used = (input: Input, name: string) => (Array.isArray(input[name]) ? (input[name] as unknown[]).length > 0 : has(input, name));

export function integer(input: Input, name: string, bounds: { min?: number; max?: number; required?: boolean } = {}): string | null {
  if (!has(input, name)) return bounds.required ? `input.${name} is required` : null;
  const value = input[name];
  const { min, max } = bounds;
  const range =
    min !== undefined && max !== undefined
      ? min === max
        ? ` equal to ${min}`
        : ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : "";
  if (typeof value !== "number" || !Number.isInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max))
    return `input.${name} must be an integer${range}`;
  return null;
}

export function oneOf(input: Input, name: string, values: readonly string[], required = false): string | null {
  if (!has(input, name)) return required ? `input.${name} is required` : null;
  const value = input[name];
  return typeof value === "string" && values.includes(value) ? null : `input.${name} must be one of: ${values.join(", ")}`;
}

export function boolean(input: Input, name: string): string | null {
  return !has(input, name) || typeof input[name] === "boolean" ? null : `input.${name} must be a boolean`;
}

export function urls(input: Input, name: string, bounds: { min?: number; max?: number } = {}): string | null {
  if (!has(input, name)) return bounds.min ? `input.${name} is required` : null;
  const value = input[name];
  if (!Array.isArray(value)) return `input.${name} must be an array of http(s) URLs`;
  const bad = value.findIndex((item) => !isHttpUrl(item));
  if (bad >= 0) return `input.${name}[${bad}] must be an http(s) URL`;
  if (bounds.min && value.length < bounds.min) return `input.${name} needs at least ${bounds.min} URL${bounds.min > 1 ? "s" : ""}`;
  if (bounds.max !== undefined && value.length > bounds.max)
    return `input.${name} takes at most ${bounds.max} URL${bounds.max > 1 ? "s" : ""}`;
  return null;
}

export function url(input: Input, name: string): string | null {
  return !has(input, name) || isHttpUrl(input[name]) ? null : `input.${name} must be an http(s) URL`;
}

export function ratio(input: Input, name: string): string | null {
  return !has(input, name) || (typeof input[name] === "string" && /^\d+:\d+$/.test(input[name]))
    ? null
    : `input.${name} must be a ratio such as 16:9`;
}

/** The first failing check's message, in order. */
export function first(...checks: Check[]): string | null {
  for (const check of checks) {
    const error = check();
    if (error) return error;
  }
  return null;
}
