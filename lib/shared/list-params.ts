import * as z from "zod/mini";
import { emptyAsAbsent } from "./validation";

// The parameters of list URLs (dates, owner, page size, page cursor), apart from ./validation so
// the forms, which import that, do not build these schemas on every page (Generate's budget).

/**
 * Whether an ISO time is one both databases store: years 1000 to 9999 in UTC. Postgres has no year
 * 0 (`0000-01-01` was a 500), and JavaScript dates reach years Postgres refuses.
 */
export function isStorableTime(value: string): boolean {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  const year = new Date(time).getUTCFullYear();
  return year >= 1000 && year <= 9999;
}

/** An optional ISO time with an offset, in a filter. */
export const optionalDateTime = (error: string) =>
  emptyAsAbsent(
    z.iso.datetime({ offset: true, error }).check(z.refine(isStorableTime, { error: "Use a date between the years 1000 and 9999." })),
  );

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

/** A page cursor as the server wrote it (base64url); the server checks what it holds. */
export const pageCursor = z.optional(
  z.string().check(z.maxLength(300), z.regex(/^[A-Za-z0-9_-]*$/, { error: "This page link is not valid; start from the first page." })),
);
