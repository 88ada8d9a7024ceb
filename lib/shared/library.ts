import * as z from "zod/mini";
import { emptyAsAbsent } from "./validation";

// Tags and ratings on outputs: what a tag may be, how one is written down, and the filters that
// narrow Tasks and the gallery by them (shared by the forms, the URLs and the API).

export const TAG_MAX_LENGTH = 32;
export const TAGS_PER_TASK = 12;
/** How many tags one filter may ask for (all of them must be on a task). */
export const TAGS_PER_FILTER = 5;
export const RATING_MAX = 5;

/**
 * One way to write each tag, so "Hero shot", " hero  shot " and "HERO SHOT" are the same tag:
 * trimmed, inner spaces collapsed, lower case (the locale-free fold, so a server and a browser agree).
 */
export function normalizeTag(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/gu, " ").toLowerCase();
}

// Letters, digits, spaces and a few joiners: no commas (the filter's separator), no markup.
const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.\-]*$/u;

export const tagSchema = z.pipe(
  z.string({ error: "A tag is text." }),
  z.pipe(
    z.transform(normalizeTag),
    z
      .string()
      .check(
        z.minLength(1, { error: "A tag cannot be empty." }),
        z.maxLength(TAG_MAX_LENGTH, { error: `A tag is at most ${TAG_MAX_LENGTH} characters.` }),
        z.regex(TAG_PATTERN, { error: "A tag starts with a letter or digit and holds letters, digits, spaces, - _ or ." }),
      ),
  ),
);

/** PUT /api/tasks/:id/tags: the task's whole set of tags (duplicates after normalizing collapse). */
export const tagsBodySchema = z.strictObject({
  tags: z.pipe(
    z
      .array(tagSchema, { error: "tags is a list of text." })
      .check(z.maxLength(TAGS_PER_TASK * 2, { error: `At most ${TAGS_PER_TASK} tags.` })),
    z.pipe(
      z.transform((tags: string[]) => [...new Set(tags)].sort()),
      z.array(z.string()).check(z.maxLength(TAGS_PER_TASK, { error: `At most ${TAGS_PER_TASK} tags.` })),
    ),
  ),
});

/** PUT /api/tasks/:id/rating: 1 to 5 stars, or null to clear. */
export const ratingBodySchema = z.strictObject({
  rating: z.nullable(
    z
      .number({ error: `rating is a whole number of stars, 1 to ${RATING_MAX}, or null.` })
      .check(
        z.refine(Number.isInteger, { error: `rating is a whole number of stars, 1 to ${RATING_MAX}, or null.` }),
        z.gte(1, { error: `rating is 1 to ${RATING_MAX} stars, or null.` }),
        z.lte(RATING_MAX, { error: `rating is 1 to ${RATING_MAX} stars, or null.` }),
      ),
  ),
});

/** GET /api/tags: the team's tags, most used first, optionally those starting with `q`. */
export const tagSuggestQuerySchema = z.strictObject({
  q: emptyAsAbsent(z.pipe(z.string().check(z.maxLength(TAG_MAX_LENGTH * 2)), z.transform(normalizeTag))),
  limit: z._default(
    z.coerce
      .number({ error: "limit must be a number." })
      .check(
        z.refine(Number.isInteger, { error: "limit is 1 to 50." }),
        z.gte(1, { error: "limit is 1 to 50." }),
        z.lte(50, { error: "limit is 1 to 50." }),
      ),
    20,
  ),
});
export type TagSuggestion = { tag: string; count: number };

/** `tag=a,b` in a list URL: tasks carrying every one of them. */
export const tagFilter = emptyAsAbsent(
  z.pipe(
    z.pipe(
      z.string().check(z.maxLength((TAG_MAX_LENGTH + 1) * TAGS_PER_FILTER * 2, { error: "That tag filter is too long." })),
      z.transform((value: string) => [
        ...new Set(
          value
            .split(",")
            .map(normalizeTag)
            .filter((tag) => tag.length > 0),
        ),
      ]),
    ),
    z
      .array(tagSchema)
      .check(
        z.minLength(1, { error: "Name a tag to filter by." }),
        z.maxLength(TAGS_PER_FILTER, { error: `Filter by at most ${TAGS_PER_FILTER} tags.` }),
      ),
  ),
);

/** `rating=N` in a list URL: outputs rated N stars or more. */
export const ratingFilter = z.optional(
  z.enum(["1", "2", "3", "4", "5"], { error: `rating is 1 to ${RATING_MAX} (at least that many stars).` }),
);

/** `project=<id>` in a list URL: that project's tasks. */
export const projectFilter = emptyAsAbsent(z.uuid({ error: "Choose a project from the list." }));

/** A filter's tags back into the URL's form. */
export const tagsParam = (tags: readonly string[] | undefined) => (tags?.length ? tags.join(",") : undefined);
