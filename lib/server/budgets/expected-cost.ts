import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../db";
import { tasks } from "../db/schema";
import type { ExpectedCost } from "@/lib/shared/budgets";
import type { CatalogModel } from "@/lib/shared/catalog";
import { canonicalJson } from "../tasks/canonical-json";
import { BUILT_IN_DEFAULT_HOLD } from "./limits";

// What a task is expected to cost, for the hold placed when it is created. A provider that quotes
// (AIVideoMaker) names its price; for one that charges only once a task has run (skills.video,
// APIDot) the estimate is the dearest of that model's latest charges with the same settings, then
// the dearest charge of the model at any settings, then the admins' hold for a model with no
// history. Holds err high: an estimate that is too low would let a burst pass a budget.

/** How many of the latest runs with the same settings an estimate reads. */
export const ESTIMATE_RUNS = 20;

/**
 * The settings that decide a price: choices, numbers and switches as given, and how many images or
 * segments there are. Prompts and the images themselves do not change what a run costs.
 */
export function priceSettingsOf(model: CatalogModel, input: Record<string, unknown>): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of model.fields) {
    const value = input[field.name];
    if (value === undefined || value === null || value === "") continue;
    if (field.kind === "choice" || field.kind === "number" || field.kind === "switch") settings[field.name] = value;
    else if (field.kind === "image") settings[field.name] = 1;
    else if ((field.kind === "images" || field.kind === "segments") && Array.isArray(value)) settings[field.name] = value.length;
  }
  return settings;
}

export function priceKeyOf(model: CatalogModel, input: Record<string, unknown>): string {
  return createHash("sha256")
    .update(JSON.stringify([model.provider, model.id, canonicalJson(priceSettingsOf(model, input))]))
    .digest("hex")
    .slice(0, 32);
}

const settled = sql<number>`greatest(${tasks.creditsCharged} - coalesce(${tasks.creditsRefunded}, 0), 0)`;

/** The estimate for a provider without quotes: from history, else the admins' default hold. */
export async function estimatedCost(
  db: Db,
  request: { model: CatalogModel; sandbox: boolean; priceKey: string },
  defaultHold: number | null,
): Promise<ExpectedCost> {
  const charged = and(
    eq(tasks.provider, request.model.provider),
    eq(tasks.model, request.model.id),
    eq(tasks.state, "succeeded"),
    isNotNull(tasks.creditsCharged),
    eq(tasks.sandbox, request.sandbox),
  );
  const recent = await db
    .select({ credits: settled })
    .from(tasks)
    .where(and(charged, eq(tasks.priceKey, request.priceKey)))
    .orderBy(desc(tasks.finishedAt))
    .limit(ESTIMATE_RUNS);
  if (recent.length > 0) return { credits: Math.max(...recent.map((row) => row.credits)), basis: "estimate", runs: recent.length };
  const [dearest] = await db
    .select({ credits: sql<number | null>`max(${settled})::int` })
    .from(tasks)
    .where(charged);
  if (dearest?.credits != null) return { credits: dearest.credits, basis: "model-max" };
  return { credits: defaultHold ?? BUILT_IN_DEFAULT_HOLD, basis: "provider-default" };
}
