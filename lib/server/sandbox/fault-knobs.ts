import "server-only";
import { z } from "zod";

// Fault knobs both sandboxes share: a rate, a 429 storm and the webhook misbehaviours.

export const faultRate = z.number().min(0).max(1);

/** For this many seconds from when it is set, every (query) request answers 429 with this Retry-After. */
export const rateLimitStormSchema = z.strictObject({
  seconds: z.number().positive().max(3600),
  retryAfterSeconds: z.number().int().min(0).max(3600),
});

export const webhookFaultsSchema = z.strictObject({
  /** Share of tasks whose webhooks are never sent. */
  dropRate: faultRate.optional(),
  /** Copies of each delivery, sent at once. */
  duplicates: z.number().int().min(1).max(20).optional(),
  /** Extra delay before each delivery, in milliseconds. */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Deliveries of one task go out in a random order within a few seconds. */
  reorder: z.boolean().optional(),
  /** After a terminal status, the earlier statuses are sent again. */
  staleRepeats: z.boolean().optional(),
});

/** Parses a JSON fault setting from the environment, naming the variable in every error. */
export function parseFaultsJson<T>(schema: z.ZodType<T>, json: string | undefined, variable: string): T | Record<string, never> {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${variable} is not valid JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${variable}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  return parsed.data;
}
