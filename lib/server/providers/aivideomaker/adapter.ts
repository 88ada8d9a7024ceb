import "server-only";
import type { ProviderIdentity } from "../descriptor";
import { logger } from "../../logger";
import { success, type ProviderResult } from "../result";
import type { VideoProvider } from "../types";
import { createAivideoClient, type AivideoClientConfig } from "./client";
import { capOf, chargedOverCap, quoteOverLimit, refusedOverCap } from "./spend-cap";
import { snapshotOf, stateOf, toFormFields, toWireBody } from "./transform";

/** AIVideoMaker behind Cutroom's provider interface: the live API or the sandbox, same code. */
export function createAivideomakerProvider(config: AivideoClientConfig & { sandbox: boolean; identity: ProviderIdentity }): VideoProvider {
  const client = createAivideoClient(config);

  const withFormFields = <T>(model: string, result: ProviderResult<T>): ProviderResult<T> =>
    result.ok ? result : { ...result, fieldHints: toFormFields(model, result.fieldHints) };

  return {
    ...config.identity,
    sandbox: config.sandbox,
    // A create is a quote, the create itself and, for a charge above the cap, a cancel.
    submitWindowMs: 3 * config.timeoutMs + 5000,

    async quote(request) {
      const result = withFormFields(request.model, await client.quote(request.model, toWireBody(request)));
      if (!result.ok) return result;
      return success(
        { credits: result.data.credits, balance: result.data.currentBalance ?? null, affordable: result.data.affordable ?? null },
        result.httpStatus,
      );
    },

    async submit(request, options) {
      const body = toWireBody(request);
      // The price asked just now is what Cutroom agrees to pay: it is sent as X-Max-Credits. A quote
      // that cannot be had (busy, unreachable) holds nothing up; the create is then capped by the
      // caller's limit alone, if any.
      // A price Cutroom was given for this body moments ago (the hold's) saves asking again; a
      // resend (the reconciler's) asks afresh.
      const quote =
        options.knownQuote !== undefined
          ? ({ ok: true, data: { credits: options.knownQuote } } as const)
          : await client.quote(request.model, body);
      // The quote checks the body as generate does: a body it refuses is never sent to the billable
      // endpoint (the vendor's own advice: probe fields with /quote, never with /generate).
      if (
        !quote.ok &&
        (quote.errorCode === "INVALID_PAYLOAD" || quote.errorCode === "INVALID_MODEL" || quote.errorCode === "AUTH_FAILED")
      ) {
        return { ...quote, fieldHints: toFormFields(request.model, quote.fieldHints) };
      }
      const quoted = quote.ok ? quote.data.credits : null;
      if (quoted !== null && options.maxCredits !== undefined && quoted > options.maxCredits) {
        return quoteOverLimit(quoted, Math.floor(options.maxCredits));
      }
      const cap = capOf(quoted, options.maxCredits);
      const result = withFormFields(
        request.model,
        await client.generate(request.model, body, {
          idempotencyKey: options.idempotencyKey,
          webhookUrl: options.webhookUrl,
          ...(cap !== null ? { maxCredits: cap } : {}),
        }),
      );
      if (!result.ok) return result.errorCode === "BUDGET_EXCEEDED" && cap !== null ? refusedOverCap(result, quoted, cap) : result;
      const charged = result.data.creditsCharged ?? null;
      // Enforcement of the cap is unconfirmed (U4): a charge above it is undone here. A create answer
      // without creditsCharged cannot be checked; the task's own record is settled later as usual. A
      // replay is left alone: it was created under an earlier attempt's cap, perhaps at an older price.
      if (cap !== null && charged !== null && charged > cap && !result.data.idempotentReplay) {
        const canceled = await client.cancel(result.data.taskId);
        if (canceled.ok) return chargedOverCap(charged, cap, result.data.taskId, result.httpStatus);
        // Too late to cancel (it started): it is tracked like any task, and the overcharge is logged.
        logger().warn(
          { event: "charge_over_cap", provider: config.identity.id, providerTaskId: result.data.taskId, charged, cap },
          "the provider charged more than the cap it was sent and the task could not be cancelled",
        );
      }
      return success(
        {
          providerTaskId: result.data.taskId,
          creditsCharged: charged,
          creditsQuoted: quoted,
          replay: result.data.idempotentReplay ?? false,
        },
        result.httpStatus,
        { status: result.status, taskId: result.data.taskId },
      );
    },

    async fetchTask(providerTaskId) {
      const result = await client.getTask(providerTaskId);
      return result.ok ? success(snapshotOf(result.data), result.httpStatus, { status: result.status, taskId: providerTaskId }) : result;
    },

    async listTasks() {
      const result = await client.listTasks();
      return result.ok ? success(result.data.tasks.map(snapshotOf), result.httpStatus) : result;
    },

    async cancel(providerTaskId) {
      const result = await client.cancel(providerTaskId);
      return result.ok
        ? success({ creditsRefunded: result.data.creditsRefunded ?? null }, result.httpStatus, {
            status: result.status,
            taskId: providerTaskId,
          })
        : result;
    },

    mapStatus: stateOf,

    async account() {
      const result = await client.account();
      return result.ok
        ? success({ balance: result.data.currentBalance ?? null, supportedModels: result.data.supportedModels ?? null }, result.httpStatus)
        : result;
    },
  };
}
