import "server-only";
import type { ProviderIdentity } from "../descriptor";
import { success, type ProviderResult } from "../result";
import type { VideoProvider } from "../types";
import { createAivideoClient, type AivideoClientConfig } from "./client";
import { snapshotOf, stateOf, toFormFields, toWireBody } from "./transform";

/** AIVideoMaker behind Cutroom's provider interface: the live API or the sandbox, same code. */
export function createAivideomakerProvider(config: AivideoClientConfig & { sandbox: boolean; identity: ProviderIdentity }): VideoProvider {
  const client = createAivideoClient(config);

  const withFormFields = <T>(model: string, result: ProviderResult<T>): ProviderResult<T> =>
    result.ok ? result : { ...result, fieldHints: toFormFields(model, result.fieldHints) };

  return {
    ...config.identity,
    sandbox: config.sandbox,
    submitWindowMs: config.timeoutMs + 5000,

    async quote(request) {
      const result = withFormFields(request.model, await client.quote(request.model, toWireBody(request)));
      if (!result.ok) return result;
      return success(
        { credits: result.data.credits, balance: result.data.currentBalance ?? null, affordable: result.data.affordable ?? null },
        result.httpStatus,
      );
    },

    async submit(request, options) {
      const result = withFormFields(request.model, await client.generate(request.model, toWireBody(request), options));
      if (!result.ok) return result;
      return success(
        {
          providerTaskId: result.data.taskId,
          creditsCharged: result.data.creditsCharged ?? null,
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
