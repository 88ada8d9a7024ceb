import "server-only";
import type { ProviderIdentity } from "../descriptor";
import { findModel } from "@/lib/shared/catalog";
import { success, type ProviderResult } from "../result";
import { createWindowMs, providerFailure } from "../retrying";
import type { SubmissionRequest, VideoProvider } from "../types";
import { createApidotClient, type ApidotClientConfig, type SubmitBody } from "./client";
import { snapshotOf, stateOf } from "./wire";

// APIDot behind Cutroom's provider interface: the live API or the sandbox, same code. The input's
// field names are APIDot's own, so `input` is the form's input with every image made a link (APIDot
// takes URLs only: uploads arrive here already as signed links). No cancel, list, quote or balance
// endpoint is documented: a queued task cannot be cancelled at the provider, the reconciler asks
// task by task, and the price is not known before the task runs.

/** The submit body for a task, or the reason it cannot be sent (an image that is not a link). */
export function toSubmitBody(request: SubmissionRequest, callbackUrl: string | undefined): SubmitBody | string {
  const model = findModel("apidot", request.model);
  const allowed = new Set(model?.fields.map((field) => field.name) ?? Object.keys(request.input));
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request.input)) {
    // Only what the model's documented fields define is ever sent.
    if (!allowed.has(name) || value === undefined) continue;
    const images = request.images[name];
    if (!images) {
      input[name] = value;
      continue;
    }
    const list = Array.isArray(images) ? images : [images];
    if (list.some((image) => !image.url)) return "APIDot takes images as links only, and this image has no link it can reach.";
    input[name] = Array.isArray(images) ? list.map((image) => image.url) : list[0]!.url;
  }
  return { model: request.model, ...(callbackUrl ? { callback_url: callbackUrl } : {}), input };
}

export function createApidotProvider(config: ApidotClientConfig & { sandbox: boolean; identity: ProviderIdentity }): VideoProvider {
  const client = createApidotClient(config);

  // The docs call callback_url an https URL, so the real API is never given a plain-http one. A
  // stand-in on plain http (the sandbox, a local test server) is called back over plain http too.
  const callbackAccepted = (url: string) => url.startsWith("https://") || config.sandbox || config.baseUrl.startsWith("http://");

  return {
    ...config.identity,
    sandbox: config.sandbox,
    submitWindowMs: createWindowMs(config.timeoutMs),

    async quote() {
      // Nothing to ask: APIDot prices a task only when it runs.
      return success({ credits: null, balance: null, affordable: null }, 200);
    },

    async submit(request, options) {
      const callback = options.webhookUrl && callbackAccepted(options.webhookUrl) ? options.webhookUrl : undefined;
      const body = toSubmitBody(request, callback);
      if (typeof body === "string") return providerFailure({ errorCode: "INVALID_PAYLOAD", errorMessage: body });
      const result = await client.submit(body);
      if (!result.ok) return result;
      const id = result.data.taskId!;
      return success({ providerTaskId: id, creditsCharged: null, replay: false, initial: snapshotOf(result.data, id) }, result.httpStatus, {
        status: result.data.status,
        taskId: id,
      });
    },

    async fetchTask(providerTaskId): Promise<ProviderResult<ReturnType<typeof snapshotOf>>> {
      const result = await client.status(providerTaskId);
      return result.ok
        ? success(snapshotOf(result.data, providerTaskId), result.httpStatus, { status: result.status, taskId: providerTaskId })
        : result;
    },

    mapStatus: stateOf,
    callbackAccepted,

    async account() {
      // No balance endpoint is documented.
      return success({ balance: null, supportedModels: null }, 200);
    },
  };
}
