import "server-only";
import { z } from "zod";
import { faultRate, outputFaultKnobs, parseFaultsJson, rateLimitStormSchema, webhookFaultsSchema } from "../fault-knobs";

// Fault knobs of the skills.video sandbox (the lifecycle issue's, plus streams that misbehave). Set
// at start (SANDBOX_SKILLS_VIDEO_FAULTS as JSON) or at run time through PUT /_sandbox/faults.

export const SKILLS_VIDEO_ENDPOINTS = ["create", "stream", "generation", "credits"] as const;
export type SkillsVideoEndpoint = (typeof SKILLS_VIDEO_ENDPOINTS)[number];

export const skillsVideoFaultsSchema = z.strictObject({
  /** Share of requests per endpoint answered with HTTP 500 before anything is done. */
  errorRate: z.partialRecord(z.enum(SKILLS_VIDEO_ENDPOINTS), faultRate).optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  /** For this many seconds from when it is set, every request answers 429 with this Retry-After. */
  rateLimitStorm: rateLimitStormSchema.optional(),
  /** Share of accepted tasks that fail after running (refunded). */
  failAfterAcceptRate: faultRate.optional(),
  /** Share of SSE creates whose stream closes after its first event, before the task ends. */
  streamDropRate: faultRate.optional(),
  /**
   * Every SSE create's stream closes after this many bytes of its body: 0 right after the response
   * headers, before any event; a small number part-way through the first event. The generation is
   * made all the same, runs to its end and still owes its webhooks (a stream that broke early).
   */
  streamBreakAfterBytes: z.number().int().min(0).max(1_000_000).optional(),
  /** The SSE endpoint refuses to open (503) and creates nothing; the polling endpoint still works. */
  streamRefuse: z.boolean().optional(),
  webhooks: webhookFaultsSchema.optional(),
  /** Broken outputs: `output: "tiny" | "missing"`, optionally for `outputRate` of tasks (fault-knobs.ts). */
  ...outputFaultKnobs,
});
export type SkillsVideoFaults = z.infer<typeof skillsVideoFaultsSchema>;

export function parseSkillsVideoFaults(json: string | undefined): SkillsVideoFaults {
  return parseFaultsJson(skillsVideoFaultsSchema, json, "SANDBOX_SKILLS_VIDEO_FAULTS");
}
