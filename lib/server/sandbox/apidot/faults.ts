import "server-only";
import { z } from "zod";
import { faultRate, outputFaultKnobs, parseFaultsJson, rateLimitStormSchema, webhookFaultsSchema } from "../fault-knobs";

// Fault knobs of the APIDot sandbox. Set at start (SANDBOX_APIDOT_FAULTS as JSON) or at run time
// through PUT /_sandbox/faults.

export const APIDOT_ENDPOINTS = ["submit", "status"] as const;
export type ApidotEndpoint = (typeof APIDOT_ENDPOINTS)[number];

export const apidotFaultsSchema = z.strictObject({
  /** Share of requests per endpoint answered with HTTP 500 before anything is done. */
  errorRate: z.partialRecord(z.enum(APIDOT_ENDPOINTS), faultRate).optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  /** For this many seconds from when it is set, every request answers 429 with this Retry-After. */
  rateLimitStorm: rateLimitStormSchema.optional(),
  /** Share of accepted tasks that fail after running (refunded). */
  failAfterAcceptRate: faultRate.optional(),
  /**
   * Forces one status shape for new tasks: "output" (data.output.files, no progress) or "files"
   * (data.files with progress). Unset, tasks alternate between the two, the first one "output".
   */
  resultShape: z.enum(["output", "files"]).optional(),
  /**
   * The word a running task's status says: "running" (ModelAPI.tsx; the default) or "processing",
   * which some of the vendor site's service types use for the same phase (docs/provider-contracts.md §3.5).
   */
  runningStatus: z.enum(["running", "processing"]).optional(),
  /** Callback misbehaviours (callback_url deliveries). */
  webhooks: webhookFaultsSchema.optional(),
  /** Broken outputs: `output: "tiny" | "missing"`, optionally for `outputRate` of tasks (fault-knobs.ts). */
  ...outputFaultKnobs,
});
export type ApidotFaults = z.infer<typeof apidotFaultsSchema>;

export function parseApidotFaults(json: string | undefined): ApidotFaults {
  return parseFaultsJson(apidotFaultsSchema, json, "SANDBOX_APIDOT_FAULTS");
}
