import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { faultRate, parseFaultsJson, rateLimitStormSchema, webhookFaultsSchema } from "../fault-knobs";

// Fault knobs of the sandbox, so tests and demos can see how Cutroom behaves when the provider
// misbehaves. Set at start (`SANDBOX_FAULTS` as JSON, or the standalone server's options) or at run
// time through PUT /_sandbox/faults. Rates are fractions from 0 to 1.

export const SANDBOX_ENDPOINTS = ["account", "quote", "generate", "list", "task", "status", "cancel"] as const;
export type SandboxEndpoint = (typeof SANDBOX_ENDPOINTS)[number];
export const QUERY_ENDPOINTS: ReadonlySet<SandboxEndpoint> = new Set(["list", "task", "status"]);

const rate = faultRate;

export const sandboxFaultsSchema = z.strictObject({
  /** Share of requests per endpoint answered with HTTP 500 before anything is done. */
  errorRate: z.partialRecord(z.enum(SANDBOX_ENDPOINTS), rate).optional(),
  /** Added delay on every API request, in milliseconds. */
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  /**
   * For this many seconds from when it is set, every query (or every call to `endpoints`, when
   * given: `["quote"]` makes price checks draw the 429) answers 429 with this Retry-After.
   */
  rateLimitStorm: rateLimitStormSchema.extend({ endpoints: z.array(z.enum(SANDBOX_ENDPOINTS)).min(1).optional() }).optional(),
  /** Share of requests that are carried out but never answered (the client times out): a lost answer. */
  hangRate: z.partialRecord(z.enum(SANDBOX_ENDPOINTS), rate).optional(),
  /** Share of accepted tasks that fail after running (refunded). */
  failAfterAcceptRate: rate.optional(),
  /** The task list leaves out every output, as the vendor's list example might (unconfirmed). */
  listOmitsOutput: z.boolean().optional(),
  webhooks: webhookFaultsSchema.optional(),
});
export type SandboxFaults = z.infer<typeof sandboxFaultsSchema>;

export function parseSandboxFaults(json: string | undefined): SandboxFaults {
  return parseFaultsJson(sandboxFaultsSchema, json, "SANDBOX_FAULTS");
}

/** The live fault settings of one sandbox, with the storm's start time and the decisions they drive. */
export function createFaultState(initial: SandboxFaults = {}, random: () => number = Math.random) {
  let faults = initial;
  let stormUntil = initial.rateLimitStorm ? Date.now() + initial.rateLimitStorm.seconds * 1000 : 0;

  return {
    get current(): SandboxFaults {
      return faults;
    },
    set(next: SandboxFaults) {
      faults = next;
      stormUntil = next.rateLimitStorm ? Date.now() + next.rateLimitStorm.seconds * 1000 : 0;
    },
    shouldError: (endpoint: SandboxEndpoint) => random() < (faults.errorRate?.[endpoint] ?? 0),
    shouldHang: (endpoint: SandboxEndpoint) => random() < (faults.hangRate?.[endpoint] ?? 0),
    shouldFailAfterAccept: () => random() < (faults.failAfterAcceptRate ?? 0),
    /** Retry-After seconds while a 429 storm lasts for this endpoint, else null. */
    stormRetryAfter(endpoint: SandboxEndpoint): number | null {
      const storm = faults.rateLimitStorm;
      if (!storm || Date.now() >= stormUntil) return null;
      const hit = storm.endpoints ? storm.endpoints.includes(endpoint) : QUERY_ENDPOINTS.has(endpoint);
      return hit ? storm.retryAfterSeconds : null;
    },
    /** Whether a task's webhooks are dropped: decided by its id, so it holds for all its deliveries. */
    dropsWebhooksOf(taskId: string): boolean {
      const dropRate = faults.webhooks?.dropRate ?? 0;
      if (dropRate <= 0) return false;
      const bucket = createHash("sha256").update(taskId).digest().readUInt32BE(0) / 0xffffffff;
      return bucket < dropRate;
    },
    random,
  };
}

export type FaultState = ReturnType<typeof createFaultState>;
