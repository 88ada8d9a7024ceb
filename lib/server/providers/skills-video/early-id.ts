import "server-only";

// The generation id as early as a create's answer gives it (docs/provider-contracts.md §2.5). The
// documented first thing on the stream is an event whose JSON is the generation object, `id`
// first; the vendor's own helper accepts the id under several names. A stream that breaks part-way
// through that first event may still have delivered the whole id: a complete string value under
// one of those names, at the top level of the object, is as good as the event itself (the rest of
// the object is never guessed at). No response header naming the generation is documented; a
// `Location` / `Content-Location` pointing at `/generation/{id}` (HTTP's way of naming what a
// request created) is read in case the live API sends one (UNCONFIRMED).

export const ID_KEYS: ReadonlySet<string> = new Set([
  "id",
  "generation_id",
  "generationId",
  "prediction_id",
  "predictionId",
  "task_id",
  "taskId",
]);

const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

/** The generation named by the answer's headers, if any. */
export function idFromHeaders(headers: Headers): string | null {
  for (const name of ["location", "content-location"]) {
    const value = headers.get(name);
    if (!value) continue;
    let path: string;
    try {
      path = new URL(value, "http://relative.invalid").pathname;
    } catch {
      continue;
    }
    // GET /generation/{id} is where a generation lives; an SSE or create path is not an id.
    const match = /\/generation\/([^/]+)\/?$/.exec(path);
    const id = match ? decodeURIComponent(match[1]!) : null;
    if (id && id !== "sse" && ID_SHAPE.test(id)) return id;
  }
  return null;
}

/**
 * The `data:` text of an event that never ended (the stream broke inside it): its data lines
 * joined as the parser would, the last one possibly cut short.
 */
export function dataOfUnfinishedEvent(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).replace(/^ /, ""))
    .join("\n");
}

/**
 * A complete top-level id string from the start of a JSON object that may be cut off anywhere.
 * Scans the object's members in order; stops (null) at the first thing it cannot be sure of.
 */
export function idFromPartialJson(text: string): string | null {
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  /** A string starting at `at` (a quote); null when it is cut off. */
  const readString = (): string | null => {
    let end = at + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
    if (end >= text.length) return null;
    try {
      const value = JSON.parse(text.slice(at, end + 1)) as string;
      at = end + 1;
      return value;
    } catch {
      return null;
    }
  };
  /** Skips any JSON value; false when it is cut off. */
  const skipValue = (): boolean => {
    skipSpace();
    if (text[at] === '"') return readString() !== null;
    if (text[at] === "{" || text[at] === "[") {
      let depth = 0;
      while (at < text.length) {
        const char = text[at]!;
        if (char === '"') {
          if (readString() === null) return false;
          continue;
        }
        if (char === "{" || char === "[") depth++;
        if (char === "}" || char === "]") depth--;
        at++;
        if (depth === 0) return true;
      }
      return false;
    }
    // A number or a literal ends at a delimiter; one that reaches the end may be cut short.
    const literal = /^[^,}\]\s]+/.exec(text.slice(at));
    if (!literal || at + literal[0].length >= text.length) return false;
    at += literal[0].length;
    return true;
  };

  skipSpace();
  if (text[at] !== "{") return null;
  at++;
  for (;;) {
    skipSpace();
    if (text[at] !== '"') return null;
    const key = readString();
    if (key === null) return null;
    skipSpace();
    if (text[at] !== ":") return null;
    at++;
    skipSpace();
    if (ID_KEYS.has(key) && text[at] === '"') {
      const value = readString();
      if (value === null) return null;
      if (ID_SHAPE.test(value)) return value;
    } else if (!skipValue()) {
      return null;
    }
    skipSpace();
    if (text[at] !== ",") return null;
    at++;
  }
}
