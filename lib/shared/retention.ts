import * as z from "zod/mini";

// The retention rule: unfavourited outputs older than N days are deleted (into the same grace
// period as a person's delete), off unless an admin sets it. See lib/server/tasks/retention.ts.

export const RETENTION_MAX_DAYS = 3650;

const days = z
  .int({ error: "Enter a whole number of days." })
  .check(
    z.minimum(1, { error: "Keep outputs at least 1 day." }),
    z.maximum(RETENTION_MAX_DAYS, { error: `At most ${RETENTION_MAX_DAYS.toLocaleString("en-US")} days (ten years).` }),
  );

/** PUT /api/admin/retention: a number of days, or null to turn the rule off. */
export const retentionBodySchema = z.strictObject({ days: z.nullable(days) });

/** GET /api/admin/retention?days=N: how many outputs a rule of N days would delete now. */
export const retentionPreviewQuerySchema = z.strictObject({
  days: z.optional(
    z.pipe(z.string().check(z.regex(/^\d{1,4}$/, { error: "Enter a whole number of days." })), z.pipe(z.transform(Number), days)),
  ),
});

export type RetentionView = {
  /** null: the rule is off. */
  days: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
  /** How many outputs the rule (the one asked about, else the one set) would delete at the next sweep. */
  due: number;
};
