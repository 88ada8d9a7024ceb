import "server-only";

// How big an imported model's request schema may be. The schema comes from a document an admin
// uploads (and that anyone may have written), its form goes to every user on /generate, and its
// JSON sits in the database: a 2.3 KB openapi.json whose $refs fan out expanded to 390,000 nodes
// (1.2 GB, seconds of stall), and a 300,000-value enum made /generate 14.5 MB. Real schemas are far
// inside these: a few dozen fields, enums of a few dozen values.

export const SCHEMA_LIMITS = {
  /** Nodes (objects, arrays and values) one model's schema may expand to once its $refs are resolved. */
  expandedNodes: 20_000,
  /** Nesting depth of one model's resolved schema. */
  depth: 32,
  /** Bytes of one model's resolved schema, as stored (JSON). */
  schemaBytes: 64 * 1024,
  /** Values one enum (or anyOf/oneOf of constants) may list. */
  enumValues: 200,
  /** Properties one object may have. */
  properties: 100,
} as const;

export const formatCount = (count: number) => count.toLocaleString("en-US");

/** A path for messages: "properties.voice.enum" reads as the field "voice". */
function fieldName(path: string[]): string {
  const names = path.filter((_, index) => path[index - 1] === "properties");
  return names.length > 0 ? `the field "${names.join(".").slice(0, 120)}"` : "the request body";
}

/**
 * The first limit a resolved request schema breaks, as a sentence that names the limit and the
 * field; null when it keeps them all. Iterative, so no schema can overflow the stack.
 */
export function schemaLimitProblem(schema: unknown): string | null {
  const pending: { value: unknown; path: string[] }[] = [{ value: schema, path: [] }];
  let nodes = 0;
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    nodes += 1;
    if (nodes > SCHEMA_LIMITS.expandedNodes)
      return `It has more than ${formatCount(SCHEMA_LIMITS.expandedNodes)} schema nodes (the limit).`;
    if (path.length > SCHEMA_LIMITS.depth) return `It nests deeper than ${SCHEMA_LIMITS.depth} levels (the limit), at ${fieldName(path)}.`;
    if (Array.isArray(value)) {
      const listKey = path.at(-1);
      if ((listKey === "enum" || listKey === "anyOf" || listKey === "oneOf") && value.length > SCHEMA_LIMITS.enumValues) {
        return `${capitalised(fieldName(path))} lists ${formatCount(value.length)} values (the limit is ${SCHEMA_LIMITS.enumValues}).`;
      }
      value.forEach((item, index) => pending.push({ value: item, path: [...path, String(index)] }));
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      if (path.at(-1) === "properties" && entries.length > SCHEMA_LIMITS.properties) {
        return `${capitalised(fieldName(path.slice(0, -1)))} has ${formatCount(entries.length)} properties (the limit is ${SCHEMA_LIMITS.properties}).`;
      }
      for (const [key, item] of entries) pending.push({ value: item, path: [...path, key] });
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(schema) ?? "");
  if (bytes > SCHEMA_LIMITS.schemaBytes) {
    return `It is ${formatCount(Math.ceil(bytes / 1024))} KB as JSON (the limit is ${SCHEMA_LIMITS.schemaBytes / 1024} KB).`;
  }
  return null;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
