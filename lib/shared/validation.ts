import * as z from "zod/mini";
import type { $ZodError } from "zod/v4/core";

// Schemas shared by the browser and the server are written with zod/mini: the same validation as
// classic zod, in a fraction of the browser's script (the server's own schemas use classic zod).

/** Flattens zod issues to `{ "field.path": "message" }`, first message per field, for forms and 422s. */
export function fieldErrorsFromZod(error: $ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "_form";
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}

/** Treats "" (an empty form field or URL parameter) as absent before `schema` sees it. */
export const emptyAsAbsent = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.transform((value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value)),
    z.optional(schema),
  );

// Postgres cannot store a NUL in text or JSON (it refuses the statement: that was a 500), and no
// other control character belongs in a name, a filter or a prompt. Multi-line text keeps tab, line
// feed and carriage return. C1 controls (U+0080-U+009F) are only ever mojibake or mischief.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function hasControlCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? CONTROL_BUT_LINES : CONTROL).test(value);
}

/** The text without its control characters (a file name the browser got from the disk, say). */
export function withoutControlCharacters(value: string): string {
  return value.replace(new RegExp(CONTROL.source, "g"), "");
}

export const CONTROL_CHARACTERS_MESSAGE = "Remove the control characters (invisible codes such as NUL) from this text.";

/** A check for z.string(): refuses control characters, with `message`. */
export const noControlCharacters = (options: { multiline?: boolean; message?: string } = {}) =>
  z.refine<string>((value) => !hasControlCharacters(value, options), { error: options.message ?? CONTROL_CHARACTERS_MESSAGE });

/** An optional trimmed text of at most `max` characters, in a filter. */
export const optionalText = (max: number) => emptyAsAbsent(z.string().check(z.trim(), z.maxLength(max), noControlCharacters()));
