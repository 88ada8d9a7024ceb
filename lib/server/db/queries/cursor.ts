import "server-only";
import { z } from "zod";
import { isStorableTime } from "@/lib/shared/list-params";

// Keyset page cursors: base64url of `[key, id]`, where key is the sort column's value (an ISO time
// or a whole number of milliseconds) and id the row's (a UUID Cursor made). `[key, id, "before"]`
// asks for the page that ends just before that row instead of the one that starts after it (a
// Previous link that still works when shared, with nothing but the cursor in the URL). A cursor comes back in
// a URL, so it is checked as strictly as any input before a byte of it reaches SQL: a tampered one
// ("garbage", NaN, 1e999, a date Postgres cannot hold, an id with a NUL) decodes to null, which
// callers answer with a 422.

export type Cursor = { key: string; id: string; before?: true };
export type CursorKind = "time" | "number";

const BASE64URL = /^[A-Za-z0-9_-]{1,400}$/;
// Durations are whole milliseconds in a bigint column (below zero only if clocks disagreed); past
// 2^53 a JS number loses precision.
const WHOLE_NUMBER = /^-?(0|[1-9][0-9]{0,15})$/;

const keySchema: Record<CursorKind, z.ZodType<string>> = {
  time: z.iso.datetime({ offset: true }).refine(isStorableTime),
  number: z
    .string()
    .regex(WHOLE_NUMBER)
    .refine((value) => Number.isSafeInteger(Number(value))),
};

export function encodeListCursor(cursor: Cursor): string {
  const parts = cursor.before ? [cursor.key, cursor.id, "before"] : [cursor.key, cursor.id];
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export function decodeListCursor(value: string, kind: CursorKind): Cursor | null {
  if (!BASE64URL.test(value)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const checked = z
    .union([z.tuple([keySchema[kind], z.uuid()]), z.tuple([keySchema[kind], z.uuid(), z.literal("before")])])
    .safeParse(parsed);
  if (!checked.success) return null;
  const [key, id, before] = checked.data;
  return before ? { key, id, before: true } : { key, id };
}
