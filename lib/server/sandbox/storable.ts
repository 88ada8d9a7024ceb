import "server-only";

/**
 * True when a parsed request body holds a NUL character in any key or string. Postgres text and
 * jsonb cannot store one, so the sandboxes refuse such a body up front (a 400 in the vendor's
 * words) rather than answering 500 when the task is written.
 */
export function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === "object") return Object.entries(value).some(([key, item]) => key.includes("\u0000") || holdsNul(item));
  return false;
}
