import "server-only";

type Visit = { value: unknown; key: string | number | null; parent: Visit | null };

export const UNSTORABLE_TEXT_MESSAGE = "This text holds a character that cannot be stored (a NUL, or half of a surrogate pair): remove it.";

// Text Postgres refuses: NUL in text or JSON, and an unpaired surrogate, which JSON.stringify
// writes as an escape ("\ud800") that jsonb rejects.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_UNPAIRED_SURROGATE = new RegExp(UNPAIRED_SURROGATE.source);
const unstorable = (text: string) => text.includes("\u0000") || HAS_UNPAIRED_SURROGATE.test(text);
const printable = (key: string | number) =>
  String(key)
    .replace(UNPAIRED_SURROGATE, "\uFFFD")
    .replace(/\u0000/g, "\\0");

/**
 * Where the first unstorable string (or key) sits in a JSON value, as a field path; null if none.
 * Any that got past a schema (inside a value a schema passes through, or text a schema accepts)
 * would make the statement fail: a 500 instead of a 422. Iterative, because a body may nest deeper
 * than the stack.
 */
export function findUnstorableText(value: unknown): string | null {
  const pending: Visit[] = [{ value, key: null, parent: null }];
  const pathOf = (visit: Visit) => {
    const keys: string[] = [];
    for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) keys.push(printable(at.key));
    return keys.length > 0 ? keys.reverse().join(".") : "_form";
  };
  while (pending.length > 0) {
    const visit = pending.pop()!;
    const node = visit.value;
    if (typeof node === "string") {
      if (unstorable(node)) return pathOf(visit);
    } else if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--) pending.push({ value: node[index], key: index, parent: visit });
    } else if (node !== null && typeof node === "object") {
      for (const [key, item] of Object.entries(node)) {
        const child = { value: item, key, parent: visit };
        if (unstorable(key)) return pathOf(child);
        pending.push(child);
      }
    }
  }
  return null;
}
