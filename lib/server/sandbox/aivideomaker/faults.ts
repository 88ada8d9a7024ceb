import "server-only";
import { z } from "zod";
import { createFaultKnobs, faultRate, outputFaultKnobs, parseFaultsJson, rateLimitStormSchema, webhookFaultsSchema } from "../fault-knobs";

// Fault knobs of the AIVideoMaker sandbox, so tests and demos can see how Cutroom behaves when the
// provider misbehaves. Set at start (`SANDBOX_FAULTS` as JSON, or the standalone server's options) or
// at run time through PUT /_sandbox/faults. Rates are fractions from 0 to 1.

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
  /**
   * The task list keeps saying SUBMITTED (no output) whatever each task's own record says, as a
   * third party's stand-in of the live API did: a client that trusts the list never finishes a task.
   */
  listStaysSubmitted: z.boolean().optional(),
  /**
   * A cancel of a task that has left SUBMITTED answers 200 with the task's status ("PROGRESS",
   * "COMPLETED", "FAILED") and cancels nothing, instead of the documented 400: seen from a stand-in.
   */
  cancelAnswersWithStatus: z.boolean().optional(),
  /**
   * Share of creates that are carried out (the task is made and charged) and then answered 500, as
   * a server failing after its commit would. A replay with the same Idempotency-Key answers as usual.
   */
  errorAfterCreateRate: rate.optional(),
  /** The task list leaves out each entry's idempotencyKey, as the vendor's list example does (U28). */
  listOmitsIdempotencyKey: z.boolean().optional(),
  webhooks: webhookFaultsSchema.optional(),
  /**
   * The models the account's `supportedModels` lists (default: the list measured live, without
   * `lv`); quotes and creates for any other model are refused as unsupported.
   */
  supportedModels: z.array(z.string().min(1).max(64)).max(50).optional(),
  /** Credits added to every price at create but not at quote: the price rose between the two. */
  priceRiseAtCreate: z.number().int().min(0).max(100_000).optional(),
  /** `X-Max-Credits` is not enforced (one integrator says the live API has no pre-charge gate). */
  ignoreMaxCredits: z.boolean().optional(),
  /** Broken outputs: `output: "tiny" | "missing"`, optionally for `outputRate` of tasks (fault-knobs.ts). */
  ...outputFaultKnobs,
});
export type SandboxFaults = z.infer<typeof sandboxFaultsSchema>;

export function parseSandboxFaults(json: string | undefined): SandboxFaults {
  return parseFaultsJson(sandboxFaultsSchema, json, "SANDBOX_FAULTS");
}

/** The live fault settings of one sandbox, and the decisions they drive. */
export function createFaultState(initial: SandboxFaults = {}, random: () => number = Math.random) {
  const knobs = createFaultKnobs(initial, random);
  return {
    ...knobs,
    get current(): SandboxFaults {
      return knobs.current;
    },
    shouldError: (endpoint: SandboxEndpoint) => knobs.chance(knobs.current.errorRate?.[endpoint]),
    shouldHang: (endpoint: SandboxEndpoint) => knobs.chance(knobs.current.hangRate?.[endpoint]),
    shouldFailAfterAccept: () => knobs.chance(knobs.current.failAfterAcceptRate),
    shouldErrorAfterCreate: () => knobs.chance(knobs.current.errorAfterCreateRate),
    /** Retry-After seconds while a 429 storm lasts for this endpoint, else null. */
    stormRetryAfter(endpoint: SandboxEndpoint): number | null {
      const storm = knobs.current.rateLimitStorm;
      const hit = storm?.endpoints ? storm.endpoints.includes(endpoint) : QUERY_ENDPOINTS.has(endpoint);
      return hit ? knobs.storming() : null;
    },
  };
}

export type FaultState = ReturnType<typeof createFaultState>;
