import * as z from "zod/mini";
import { noControlCharacters } from "./validation";

// Comments on a task, with @mentions of teammates, and the notices a mention sends.

export const COMMENT_MAX = 2000;

/** POST /api/tasks/:id/comments and PATCH /api/comments/:id. A mention is "@" and a teammate's name. */
export const commentBodySchema = z.strictObject({
  body: z
    .string({ error: "Write a comment." })
    .check(
      z.trim(),
      z.minLength(1, { error: "Write a comment." }),
      z.maxLength(COMMENT_MAX, { error: `Keep a comment under ${COMMENT_MAX.toLocaleString("en-US")} characters.` }),
      noControlCharacters({ multiline: true }),
    ),
});

/** POST /api/notifications/read: these notices, those about one task (its comments were read), or all of mine. */
export const markReadSchema = z.union([
  z.strictObject({ taskId: z.uuid({ error: "Not a task." }) }),
  z.strictObject({ ids: z.array(z.uuid({ error: "Not a notice of yours." })).check(z.minLength(1), z.maxLength(100)) }),
  z.strictObject({ all: z.literal(true) }),
]);

export type CommentView = {
  id: string;
  body: string;
  author: { id: string; name: string };
  createdAt: string;
  editedAt: string | null;
  /** The teammates it mentions, to mark "@Name" in the text. */
  mentions: { id: string; name: string }[];
  /** The viewer wrote it, so may edit or delete it. */
  mine: boolean;
};

export type NotificationView = {
  id: string;
  kind: "mention";
  actor: string;
  task: { id: string; prompt: string };
  commentId: string;
  /** The start of the comment. */
  excerpt: string;
  createdAt: string;
  read: boolean;
};

export type NotificationSummary = { unread: number; newest: NotificationView | null };

/**
 * The "@Name" mentions in a text, among the names given: longest names first (so "@Ada Lovelace"
 * is not read as "@Ada"), case-insensitive, never inside a word (so not in an email address).
 */
export function mentionedNames(body: string, names: readonly string[]): Set<string> {
  const found = new Set<string>();
  const text = body.toLowerCase();
  const byLength = [...new Set(names)].filter((name) => name.trim()).sort((a, b) => b.length - a.length);
  const taken: [number, number][] = [];
  for (const name of byLength) {
    const needle = `@${name.toLowerCase()}`;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      // Not inside a word on either side: "tess@ada.dev" mentions nobody.
      if (/[\p{L}\p{N}]/u.test(text.charAt(end)) || (at > 0 && /[\p{L}\p{N}]/u.test(text.charAt(at - 1)))) continue;
      if (taken.some(([from, to]) => at < to && end > from)) continue;
      taken.push([at, end]);
      found.add(name);
    }
  }
  return found;
}

/** GET /api/notifications: `summary=1` for the header's count alone. */
export const notificationsQuerySchema = z.strictObject({
  summary: z.optional(z.literal("1", { error: "summary is 1 or left out." })),
});
