import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { isUniqueViolation } from "../db/errors";
import type { Db } from "../db";
import type { Task } from "../db/schema";
import { AppError, validationFailed } from "../errors";
import { createRateRule } from "../limits/member-limits";
import { takeRateSlot } from "../limits/rate-limit";
import { modelNotOffered } from "../providers/account";
import { getProvider } from "../providers/registry";
import type { VideoProvider, SubmissionRequest } from "../providers/types";
import { findUsableUpload } from "../uploads/service";
import type { SessionUser } from "../auth/session";
import { findModel, inputSchemaFor, promptTextFor, uploadIdsOf, type CatalogModel } from "@/lib/shared/catalog";
import type { CreateTaskBody } from "@/lib/shared/tasks-api";
import { fieldErrorsFromZod } from "@/lib/shared/validation";
import { findInFlightByRequestHash, findTask, insertTaskRows } from "../db/queries/tasks";
import { logger } from "../logger";
import { refreshImportedModels } from "../models/imported";
import { deadlineFor } from "./deadline";
import { linkBaseFor } from "../uploads/links";
import { canonicalJson } from "./canonical-json";
import { forgetQuotes } from "./quote-cache";
import { resolveImages, submitTask } from "./submit";
import { uploadsUnreachableReason } from "@/lib/shared/catalog/uploads";
import { expectedCostText } from "@/lib/shared/budgets";
import { assertModelAllowed } from "../budgets/access";
import { insertWithinLimits, planHold, refusalOf, type PlannedHold } from "../budgets/hold";
import { alertApprovalRequested, alertOnStandings } from "../budgets/alerts";
import { approvalExpiry } from "../budgets/approvals";
import { approvalThreshold } from "../budgets/limits";
import type { ProviderResult } from "../providers/result";
import type { Quote } from "../providers/types";
import { timeProvider, type ProviderClock } from "../http/server-timing";
import { lockProject, projectOf } from "../projects/service";
import { metrics } from "../metrics/registry";

export type ValidRequest = { model: CatalogModel; provider: VideoProvider; input: Record<string, unknown>; projectId: string | null };

/** Checks a request against the model's schema and the user's own uploads; 422 with fields if not. */
export async function validateRequest(db: Db, user: SessionUser, body: CreateTaskBody): Promise<ValidRequest> {
  await refreshImportedModels(db);
  const model = findModel(body.provider, body.model);
  if (!model) throw validationFailed({ model: "Choose one of the listed models." });
  await assertModelAllowed(db, user, model);
  const parsed = inputSchemaFor(model).safeParse(body.input);
  if (!parsed.success) throw validationFailed(fieldErrorsFromZod(parsed.error));
  const input = parsed.data as Record<string, unknown>;
  if (model.unavailable) throw validationFailed({ model: `This model cannot be used: ${model.unavailable}` });
  // The provider's account decides which of its models may be used (when it can be read).
  const notOffered = await modelNotOffered(model);
  if (notOffered) {
    throw new AppError("VALIDATION_FAILED", notOffered, { fields: { model: notOffered }, details: { reason: "MODEL_NOT_OFFERED" } });
  }
  const provider = getProvider(model.provider);
  const uploads = uploadIdsOf(model, input);
  if (uploads.length > 0 && linkBaseFor(provider) === null) {
    const message = uploadsUnreachableReason(provider.label);
    throw validationFailed(Object.fromEntries(uploads.map(({ field }) => [field, message])));
  }
  for (const { field, uploadId } of uploads) {
    if (!(await findUsableUpload(db, user.id, uploadId))) {
      throw validationFailed({ [field]: "That image is no longer available. Upload it again." });
    }
  }
  const projectId = body.projectId ?? null;
  if (projectId && !(await projectOf(db, projectId)))
    throw validationFailed({ projectId: "That project no longer exists. Choose another." });
  return { model, provider, input, projectId };
}

export async function submissionFor(db: Db, request: ValidRequest): Promise<SubmissionRequest> {
  const images = await resolveImages(
    db,
    { provider: request.model.provider, model: request.model.id, input: request.input },
    linkBaseFor(request.provider),
  );
  if (!images) throw validationFailed({ _form: "An image is no longer available. Upload it again." });
  return { model: request.model.id, input: request.input, images };
}

/**
 * Creates a task: the row (state `pending`, with its idempotency key) is written before the provider
 * is called, so a crash at any point leaves a row the reconciler can finish.
 */
async function insertTask(
  db: Db,
  user: SessionUser,
  request: ValidRequest,
  id: string,
  requestHash: string | null,
  hold: PlannedHold,
  approvalAbove: number | null,
  batchId: string | null,
): Promise<void> {
  const waits = approvalAbove !== null;
  await insertTaskRows(
    db,
    {
      id,
      ownerId: user.id,
      provider: request.model.provider,
      model: request.model.id,
      sandbox: request.provider.sandbox,
      input: request.input,
      inputUploadIds: uploadIdsOf(request.model, request.input).map((ref) => ref.uploadId),
      promptText: promptTextFor(request.input),
      state: waits ? "awaiting_approval" : "pending",
      idempotencyKey: `cutroom-${id}`,
      requestHash,
      batchId,
      projectId: request.projectId,
      // Counts as an attempt in progress, so the reconciler leaves it to this request unless it dies.
      lastSubmitAt: waits ? null : new Date(),
      approvalExpiresAt: waits ? approvalExpiry() : null,
      deadlineAt: deadlineFor(request.model, request.provider.sandbox),
      holdCredits: hold.expected.credits,
      holdBasis: hold.expected.basis,
      priceKey: hold.priceKey,
    },
    {
      source: "user",
      kind: "state",
      toState: waits ? "awaiting_approval" : "pending",
      message: waits
        ? `Created by ${user.name}. ${expectedCostText(hold.expected)} held against budgets; waiting for an admin's approval (above ${approvalAbove} credits), so nothing is sent yet.`
        : `Created by ${user.name}. ${expectedCostText(hold.expected)} held against budgets.`,
      detail: { hold: hold.expected },
    },
  );
}

/** Alerts never decide a create: one that cannot be raised is logged, and the create goes on. */
async function raiseAlerts(raise: () => Promise<void>): Promise<void> {
  try {
    await raise();
  } catch (error) {
    logger().warn({ event: "alert_raise_failed", err: error }, "could not raise a spend alert");
  }
}

/** The same person, model and input: what makes a second request a duplicate of the first. */
function requestHashOf(userId: string, request: ValidRequest): string {
  return createHash("sha256")
    .update(JSON.stringify([userId, request.model.provider, request.model.id, canonicalJson(request.input)]))
    .digest("hex");
}

/** The provider's price for this request, through the cache the form's price check shares. */
export function quoteLoader(db: Db, request: ValidRequest, clock?: ProviderClock): () => Promise<ProviderResult<Quote>> {
  return async () => {
    const submission = await submissionFor(db, request);
    return timeProvider(clock, () => request.provider.quote(submission));
  };
}

/** `clock`: where the request counts the time its provider calls take (Server-Timing). */
export async function createTask(db: Db, user: SessionUser, body: CreateTaskBody, clock?: ProviderClock): Promise<Task> {
  return (await createTasks(db, user, body, clock))[0]!;
}

/**
 * Creates `body.variants` tasks (1 by default) from one request: the same settings, one task and
 * one hold each, written together or not at all, then sent one after another.
 */
export async function createTasks(db: Db, user: SessionUser, body: CreateTaskBody, clock?: ProviderClock): Promise<Task[]> {
  const count = body.variants ?? 1;
  const request = await validateRequest(db, user, body);
  const hold = await planHold(db, user, request, quoteLoader(db, request, clock));
  // The member's places in this minute's creates are taken before the rows are written, so a burst
  // sent at once gets exactly the limit through; a request that creates nothing gives them back.
  const releases: (() => Promise<void>)[] = [];
  const releaseSlots = async () => {
    for (const release of releases.splice(0)) await release();
  };
  try {
    for (let index = 0; index < count; index++) releases.push(await takeRateSlot(db, createRateRule(), user.id));
  } catch (error) {
    await releaseSlots();
    throw error;
  }
  const ids = Array.from({ length: count }, () => randomUUID());
  const batchId = count > 1 ? randomUUID() : null;
  // A double click or a resubmit while the first identical request is still in flight would pay
  // twice; the in-flight unique index on this hash turns it into a 409 that names the first task.
  // Variants are identical on purpose: only the first carries the hash.
  const requestHash = body.force ? null : requestHashOf(user.id, request);
  const scope = { provider: request.model.provider, sandbox: request.provider.sandbox, userId: user.id, model: request.model.id };
  // Above the threshold, the task waits for an admin (who would be approving their own: admins never wait).
  const threshold = user.role === "admin" ? null : approvalThreshold(hold.limits);
  const waitsAbove = threshold !== null && hold.expected.credits > threshold ? threshold : null;
  try {
    const standings = await insertWithinLimits(
      db,
      scope,
      hold,
      async (tx) => {
        // Held until the rows are in, so the project cannot be deleted from under them.
        if (request.projectId) await lockProject(tx, request.projectId);
        for (const [index, id] of ids.entries()) {
          await insertTask(tx, user, request, id, index === 0 ? requestHash : null, hold, waitsAbove, batchId);
        }
      },
      count,
    );
    await raiseAlerts(() => alertOnStandings(db, { provider: scope.provider, userId: user.id, model: request.model, standings }));
    if (waitsAbove !== null) {
      for (const id of ids) {
        await raiseAlerts(() =>
          alertApprovalRequested(db, {
            id,
            provider: scope.provider,
            ownerName: user.name,
            modelLabel: request.model.label,
            credits: hold.expected.credits,
          }),
        );
      }
    }
  } catch (error) {
    const refused = refusalOf(error);
    if (refused) {
      await raiseAlerts(() =>
        alertOnStandings(db, {
          provider: scope.provider,
          userId: user.id,
          model: request.model,
          standings: refused.standings,
          refusedBy: refused.passed,
        }),
      );
    }
    await releaseSlots();
    if (!requestHash || !isUniqueViolation(error)) throw error;
    const existing = await findInFlightByRequestHash(db, requestHash);
    throw new AppError("CONFLICT", "An identical video is already being generated.", { details: { existingTaskId: existing?.id ?? null } });
  }
  metrics().tasksCreated.inc({ provider: scope.provider }, count);
  const made: Task[] = [];
  for (const id of ids) made.push(waitsAbove !== null ? await readBack(db, id) : await sendNew(db, request, id, hold, clock));
  // The provider's balance may have moved: this instance's cached prices would show the old one.
  if (waitsAbove === null) forgetQuotes(request.provider);
  return made;
}

async function readBack(db: Db, id: string): Promise<Task> {
  const task = await findTask(db, id);
  if (!task) throw new AppError("INTERNAL", "The task was created but could not be read back.");
  return task;
}

/** Sends a task just written; the row as the submit left it. */
async function sendNew(db: Db, request: ValidRequest, id: string, hold: PlannedHold, clock?: ProviderClock): Promise<Task> {
  let submitted: Task | undefined;
  try {
    submitted = await submitTask(db, request.provider, id, {
      clock,
      ...(hold.expected.basis === "quote" ? { knownQuote: hold.expected.credits } : {}),
    });
  } catch (error) {
    // The row exists, so the request must not fail: a retry from the browser would make a second
    // task. The reconciler sends this one again with its idempotency key.
    logger().error({ taskId: id, err: error }, "submitting a new task failed; the reconciler will retry it");
  }
  // The row the submit left (read again only when the submit did not return it).
  return submitted ?? (await readBack(db, id));
}
