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

/** An optional trimmed text of at most `max` characters, in a filter. */
export const optionalText = (max: number) => emptyAsAbsent(z.string().check(z.trim(), z.maxLength(max)));

/** An optional ISO time with an offset, in a filter. */
export const optionalDateTime = (error: string) => emptyAsAbsent(z.iso.datetime({ offset: true, error }));

/** An owner filter: "me" or a user id. */
export const ownerFilter = emptyAsAbsent(z.union([z.literal("me"), z.uuid({ error: "Choose an owner from the list." })]));

/** A page size given as a URL parameter. */
export const pageLimit = (max: number, fallback: number) =>
  z._default(
    z.coerce
      .number({ error: "limit must be a number." })
      .check(
        z.refine(Number.isInteger, { error: `limit is 1 to ${max}.` }),
        z.gte(1, { error: `limit is 1 to ${max}.` }),
        z.lte(max, { error: `limit is 1 to ${max}.` }),
      ),
    fallback,
  );

export const pageCursor = z.optional(z.string().check(z.maxLength(300)));
