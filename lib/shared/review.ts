import * as z from "zod/mini";

// Review of an output: not reviewed, approved or changes requested, with who, when and a note.
// Teammates review in the app; a share link may let an outside viewer do it under a name they give.

export const REVIEW_STATES = ["approved", "changes_requested"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_LABELS: Record<ReviewState | "none", string> = {
  approved: "Approved",
  changes_requested: "Changes requested",
  none: "Not reviewed",
};

export const REVIEW_NOTE_MAX = 1000;
export const REVIEWER_NAME_MAX = 80;

const note = z.optional(
  z
    .string({ error: "The note is text." })
    .check(z.trim(), z.maxLength(REVIEW_NOTE_MAX, { error: `Keep the note under ${REVIEW_NOTE_MAX.toLocaleString("en-US")} characters.` })),
);

/** PUT /api/tasks/:id/review: a verdict with an optional note, or `state: null` to clear it. */
export const reviewBodySchema = z.strictObject({
  state: z.nullable(z.enum(REVIEW_STATES, { error: "Choose approved, changes_requested or null." })),
  note,
});
export type ReviewBody = z.infer<typeof reviewBodySchema>;

/** A share link's viewer reviews under a name of their own (required: the team must know who). */
export const externalReviewBodySchema = z.strictObject({
  taskId: z.uuid({ error: "Not an output of this link." }),
  state: z.enum(REVIEW_STATES, { error: "Choose approved or changes_requested." }),
  name: z
    .string({ error: "Tell the team your name." })
    .check(
      z.trim(),
      z.minLength(1, { error: "Tell the team your name." }),
      z.maxLength(REVIEWER_NAME_MAX, { error: `Keep your name under ${REVIEWER_NAME_MAX} characters.` }),
    ),
  note,
});
export type ExternalReviewBody = z.infer<typeof externalReviewBodySchema>;

/** `review=` in a list URL: approved, changes requested, or not reviewed yet. */
export const reviewFilter = z.optional(
  z.enum(["approved", "changes_requested", "none"], { error: "review is approved, changes_requested or none." }),
);

export type ReviewView = {
  state: ReviewState;
  /** The teammate's name, or the name an outside reviewer gave. */
  by: string;
  /** Given through a share link by someone outside the team. */
  external: boolean;
  note: string | null;
  at: string;
};
