import "server-only";
import { z } from "zod";

// Wire shapes of AIVideoMaker API v1 (docs/provider-contracts.md §1). Vendor JSON
// changes without notice, so every schema is loose: known fields are typed, unknown ones pass.

const looseNumber = z.number().nullish();

export const avmOutputSchema = z
  .looseObject({
    // `output.url` is what integrators measured live; the vendor skill's examples show `videoUrl`.
    url: z.string().nullish(),
    videoUrl: z.string().nullish(),
    msg: z.string().nullish(),
    error: z.unknown().nullish(),
  })
  .nullish();

export const avmTaskSchema = z.looseObject({
  id: z.string(),
  createdAt: z.string().nullish(),
  model: z.string().nullish(),
  input: z.record(z.string(), z.unknown()).nullish(),
  output: avmOutputSchema,
  // Typed as a string, not an enum: an unknown status must not fail parsing (it is treated as
  // still in flight by the transform).
  status: z.string(),
  creditsCharged: looseNumber,
  creditsRefunded: looseNumber,
  // On the task detail per the OpenAPI digest; whether list entries carry it is unconfirmed (U28),
  // so both shapes pass. Anything but a string counts as absent: a pending task is adopted from the
  // list only by a key the entry itself carries.
  idempotencyKey: z.string().nullish().catch(null),
  completedAt: z.string().nullish(),
});
export type AvmTask = z.infer<typeof avmTaskSchema>;

// Each entry is checked on its own: one malformed task (perhaps made by another tool with the same
// key) must not hide all the others.
export const avmTaskListSchema = z.looseObject({ tasks: z.array(z.unknown()) }).transform((list) => {
  const tasks: AvmTask[] = [];
  let skipped = 0;
  for (const entry of list.tasks) {
    const parsed = avmTaskSchema.safeParse(entry);
    if (parsed.success) tasks.push(parsed.data);
    else skipped += 1;
  }
  return { tasks, skipped };
});

export const avmStatusSchema = z.looseObject({ status: z.string() });

export const avmSubmittedSchema = z.looseObject({
  status: z.string(),
  taskId: z.string(),
  creditsCharged: looseNumber,
  idempotentReplay: z.boolean().nullish(),
  responseUrl: z.string().nullish(),
  statusUrl: z.string().nullish(),
  cancelUrl: z.string().nullish(),
});
export type AvmSubmitted = z.infer<typeof avmSubmittedSchema>;

export const avmQuoteSchema = z.looseObject({
  model: z.string().nullish(),
  credits: z.number(),
  listPriceUsd: looseNumber,
  usdPerCredit: looseNumber,
  currentBalance: looseNumber,
  affordable: z.boolean().nullish(),
  billable: z.boolean().nullish(),
});
export type AvmQuote = z.infer<typeof avmQuoteSchema>;

/**
 * `supportedModels` is documented by name only (U10): strings as measured, or objects naming the
 * model (`id`, `model` or `name`) are both read; entries of any other shape are skipped. No usable
 * entry at all reads as null (unknown), which restricts nothing: better offer a model the vendor
 * then refuses than hide every model because the list changed shape.
 */
const supportedModelsSchema = z
  .unknown()
  .optional()
  .transform((value): string[] | null => {
    if (!Array.isArray(value)) return null;
    const ids = value.flatMap((entry: unknown) => {
      if (typeof entry === "string") return entry ? [entry] : [];
      if (entry && typeof entry === "object") {
        const named = entry as Record<string, unknown>;
        const id = [named.id, named.model, named.name].find((candidate) => typeof candidate === "string" && candidate);
        return typeof id === "string" ? [id] : [];
      }
      return [];
    });
    return ids.length > 0 ? ids : null;
  });

export const avmAccountSchema = z.looseObject({
  supportedModels: supportedModelsSchema,
  currentBalance: looseNumber,
  dailyCreditLimit: looseNumber,
  generationRequestsPerMinute: looseNumber,
  creditWarningAt: looseNumber,
});
export type AvmAccount = z.infer<typeof avmAccountSchema>;

export const avmCancelSchema = z.looseObject({
  status: z.string().nullish(),
  taskId: z.string().nullish(),
  creditsRefunded: looseNumber,
});

// The error envelope shares `status: "FAILED"` with a failed task, which is why `errorCode` is read
// first. The field-hint shape for INVALID_PAYLOAD is unconfirmed ("zod-style hints"): zod `issues`
// arrays and flat `{field: message}` maps are both accepted.
export const avmErrorSchema = z.looseObject({
  status: z.string().nullish(),
  errorCode: z.string().nullish(),
  error: z.unknown().nullish(),
  message: z.string().nullish(),
  issues: z.array(z.looseObject({ path: z.array(z.union([z.string(), z.number()])).nullish(), message: z.string() })).nullish(),
  fieldErrors: z.record(z.string(), z.union([z.string(), z.array(z.string())])).nullish(),
});
export type AvmError = z.infer<typeof avmErrorSchema>;
