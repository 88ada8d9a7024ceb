import * as z from "zod/mini";
import type { TaskSetting } from "./catalog/task-settings";
import type { ReviewState } from "./review";
import { noControlCharacters } from "./validation";

// Share links: one output or a project board, read-only for someone outside the team.

export const SHARE_TITLE_MAX = 120;
/** Expiry choices, in hours: an hour, a day, a week, a month, three months (the longest). */
export const SHARE_EXPIRY_HOURS = [1, 24, 168, 720, 2160] as const;
export const SHARE_EXPIRY_LABELS: Record<(typeof SHARE_EXPIRY_HOURS)[number], string> = {
  1: "1 hour",
  24: "1 day",
  168: "7 days",
  720: "30 days",
  2160: "90 days",
};

const title = z
  .string({ error: "Give the link a title." })
  .check(
    z.trim(),
    z.minLength(1, { error: "Give the link a title." }),
    z.maxLength(SHARE_TITLE_MAX, { error: `Keep the title under ${SHARE_TITLE_MAX} characters.` }),
    noControlCharacters(),
  );

const common = {
  title,
  expiresInHours: z.union(
    SHARE_EXPIRY_HOURS.map((hours) => z.literal(hours)),
    { error: "Choose when the link expires: 1, 24, 168, 720 or 2160 hours." },
  ),
  showPrompt: z._default(z.boolean({ error: "showPrompt is true or false." }), false),
  allowReview: z._default(z.boolean({ error: "allowReview is true or false." }), false),
};

/** POST /api/shares: a link to one task's output (`taskId`) or to a project's board (`projectId`). */
export const createShareSchema = z
  .strictObject({
    taskId: z.optional(z.uuid({ error: "Not a task." })),
    projectId: z.optional(z.uuid({ error: "Not a project." })),
    ...common,
  })
  .check(
    z.refine((value) => (value.taskId ? 1 : 0) + (value.projectId ? 1 : 0) === 1, {
      error: "Share one output (taskId) or one project (projectId).",
      path: ["taskId"],
    }),
  );
export type CreateShareInput = z.infer<typeof createShareSchema>;

export type ShareStatus = "active" | "expired" | "revoked";

/** A link as the team sees it (never its token, which only its maker saw, once). */
export type ShareView = {
  id: string;
  kind: "task" | "project";
  target: { id: string; label: string };
  title: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  status: ShareStatus;
  showPrompt: boolean;
  allowReview: boolean;
  views: number;
  lastViewedAt: string | null;
  /** The viewer may revoke it (whoever made it, and admins). */
  canRevoke: boolean;
};

/** One output on a share page: its media through the link, and what the link allows to be seen. */
export type SharedItem = {
  id: string;
  kind: "video" | "image";
  mediaUrl: string;
  posterUrl: string | null;
  width: number | null;
  height: number | null;
  prompt: string | null;
  settings: TaskSetting[] | null;
  modelLabel: string | null;
  review: { state: ReviewState; by: string } | null;
};

export type PublicShare = {
  title: string;
  kind: "task" | "project";
  expiresAt: string;
  allowReview: boolean;
  items: SharedItem[];
};
