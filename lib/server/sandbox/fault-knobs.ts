import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { FaultKnobs } from "./types";

// Fault knobs every sandbox shares (a rate, a 429 storm, the webhook misbehaviours) and the holder
// of a sandbox's live settings. Set at start (the host's JSON) or at run time through
// PUT /_sandbox/faults. They live in memory: faults are an experiment on one running server.

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
export type WebhookFaults = z.infer<typeof webhookFaultsSchema>;

export const OUTPUT_FAULTS = ["tiny", "missing"] as const;
export type OutputFault = (typeof OUTPUT_FAULTS)[number];

/**
 * Broken outputs, spread into each sandbox's schema: a finished task's media URL serves "tiny" (a
 * few hundred bytes that sniff as MP4, or PNG, and do not play) or is "missing" (404, as a provider
 * answers once it has dropped the file). Decided when the URL is read, so clearing the knob mends
 * the outputs; `outputRate` limits it to that share of tasks (by task id), else it is all of them.
 */
export const outputFaultKnobs = {
  output: z.enum(OUTPUT_FAULTS).optional(),
  outputRate: faultRate.optional(),
};

/** Parses a JSON fault setting, naming its environment variable in every error. */
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

type Knobs = {
  rateLimitStorm?: { seconds: number; retryAfterSeconds: number };
  webhooks?: WebhookFaults;
  output?: OutputFault;
  outputRate?: number;
};

/** A stable draw in [0, 1] for one task and one knob, so a decision holds for all of its requests. */
const drawFor = (knob: string, taskId: string) => createHash("sha256").update(`${knob}:${taskId}`).digest().readUInt32BE(0) / 0xffffffff;

export type LiveFaults<T extends Knobs> = FaultKnobs<T> & {
  /** True with the given probability (a rate knob). */
  chance(rate: number | undefined): boolean;
  /** The Retry-After seconds while the storm set with the knobs lasts, else null. */
  storming(): number | null;
  /** Whether a task's webhooks are dropped: decided by its id, so it holds for all its deliveries. */
  dropsWebhooksOf(taskId: string): boolean;
  /** The output fault a task's media is under (by its id; null when the URL names none), or null. */
  outputFaultOf(taskId: string | null): OutputFault | null;
  random: () => number;
};

/** The live knobs of one sandbox; a 429 storm runs for its seconds from when the knobs were set. */
export function createFaultKnobs<T extends Knobs>(initial: T, random: () => number = Math.random): LiveFaults<T> {
  let current = initial;
  let stormUntil = 0;
  const set = (next: T) => {
    current = next;
    stormUntil = next.rateLimitStorm ? Date.now() + next.rateLimitStorm.seconds * 1000 : 0;
  };
  set(initial);
  return {
    get current(): T {
      return current;
    },
    set,
    chance: (rate) => random() < (rate ?? 0),
    storming: () => (current.rateLimitStorm && Date.now() < stormUntil ? current.rateLimitStorm.retryAfterSeconds : null),
    dropsWebhooksOf(taskId) {
      const dropRate = current.webhooks?.dropRate ?? 0;
      if (dropRate <= 0) return false;
      return createHash("sha256").update(taskId).digest().readUInt32BE(0) / 0xffffffff < dropRate;
    },
    outputFaultOf(taskId) {
      const fault = current.output;
      if (!fault) return null;
      const rate = current.outputRate ?? 1;
      return rate >= 1 || drawFor("output", taskId ?? "") < rate ? fault : null;
    },
    random,
  };
}

/** The wait behind the latency and hang knobs. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
