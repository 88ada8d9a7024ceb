import * as z from "zod/mini";
import { PROVIDER_IDS, modelIdSchema } from "./catalog/ids";
import type { SpendView } from "./spend";

// Request bodies of the task API, shared by the form and the route handlers.

/** The most variants one request makes. */
export const MAX_VARIANTS = 4;

export const createTaskSchema = z.strictObject({
  provider: z.enum(PROVIDER_IDS, { error: "Choose a provider." }),
  model: modelIdSchema,
  input: z.record(z.string(), z.unknown(), { error: "The generation settings are missing." }),
  /** Start it even though an identical request of the same person is still in flight. */
  force: z.optional(z.boolean({ error: "force is true or false." })),
  /** How many to make from the same settings at once: one task each, grouped (1 to 4). */
  /** The project the new tasks belong to (none when left out or null). */
  projectId: z.optional(z.nullable(z.uuid({ error: "Choose a project from the list." }))),
  variants: z.optional(
    z
      .number({ error: "Variants is a number from 1 to 4." })
      .check(
        z.refine(Number.isInteger, { error: "Variants is a whole number from 1 to 4." }),
        z.gte(1, { error: "Make at least 1." }),
        z.lte(MAX_VARIANTS, { error: `At most ${MAX_VARIANTS} variants at once.` }),
      ),
  ),
});
export type CreateTaskBody = z.infer<typeof createTaskSchema>;

export const taskIdSchema = z.object({ id: z.uuid() });

/** `credits` is null when the provider only tells the cost once the task runs. */
export type QuoteView = {
  credits: number | null;
  balance: number | null;
  affordable: boolean | null;
  sandbox: boolean;
  /** What the create would hold against budgets, what is left of each limit, and a refusal if any. */
  spend: SpendView;
};
