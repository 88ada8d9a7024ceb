import "server-only";
import type { ProviderIdentity } from "../descriptor";
import { findModel } from "@/lib/shared/catalog";
import { createWindowMs } from "../retrying";
import { success, type ProviderResult } from "../result";
import type { ProviderTaskSnapshot, ResolvedImage, SubmissionRequest, VideoProvider } from "../types";
import { createSkillsVideoClient, type CreateBody, type MultipartFile, type SkillsVideoClientConfig } from "./client";
import { creditsFrom, snapshotOf, stateOf } from "./wire";

// skills.video behind Cutroom's provider interface: the live API or the sandbox, same code.
// The input's field names are the provider's own (the form is built from its request schema), so
// the body is the input itself; images become URLs, or multipart files when they were uploaded.
// No list, cancel or quote endpoint is published: the reconciler asks task by task, a queued task
// cannot be cancelled at the provider, and the cost is known from `usage` once the task runs.

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** The request body for a model: its input with every image field made a URL or a file part. */
export function toCreateBody(request: SubmissionRequest): CreateBody {
  const json: Record<string, unknown> = {};
  const files: MultipartFile[] = [];
  const model = findModel("skills-video", request.model);
  const allowed = new Set(model?.fields.map((field) => field.name) ?? Object.keys(request.input));
  for (const [name, value] of Object.entries(request.input)) {
    // Only what the model's schema defines is ever sent.
    if (!allowed.has(name) || value === undefined) continue;
    const images = request.images[name];
    if (!images) {
      json[name] = value;
      continue;
    }
    const list: ResolvedImage[] = Array.isArray(images) ? images : [images];
    const urls: string[] = [];
    list.forEach((image, index) => {
      if (image.url) urls.push(image.url);
      else
        files.push({
          field: name,
          bytes: image.bytes!,
          mime: image.mime!,
          filename: `${name}-${index + 1}.${EXTENSIONS[image.mime!] ?? "bin"}`,
        });
    });
    if (urls.length > 0) json[name] = Array.isArray(images) ? urls : urls[0];
  }
  return { json, files };
}

/** The rest of the stream, as snapshots of the same generation. */
async function* snapshots(updates: AsyncIterable<Parameters<typeof snapshotOf>[0]>, id: string): AsyncGenerator<ProviderTaskSnapshot> {
  for await (const generation of updates) yield snapshotOf(generation, id);
}

export function createSkillsVideoProvider(
  config: SkillsVideoClientConfig & { sandbox: boolean; identity: ProviderIdentity },
): VideoProvider {
  const client = createSkillsVideoClient(config);

  async function balance(): Promise<ProviderResult<number | null>> {
    const result = await client.credits();
    return result.ok ? success(creditsFrom(result.data), result.httpStatus) : result;
  }

  return {
    ...config.identity,
    sandbox: config.sandbox,
    submitWindowMs: createWindowMs(config.timeoutMs, 1),

    async quote() {
      // No price endpoint: the balance is what can be checked before submitting.
      const result = await balance();
      if (!result.ok) return result;
      return success({ credits: null, balance: result.data, affordable: result.data === null ? null : result.data > 0 }, result.httpStatus);
    },

    async submit(request, options) {
      const result = await client.create(request.model, toCreateBody(request), { idempotencyKey: options.idempotencyKey });
      if (!result.ok) return result;
      const { first, updates } = result.data;
      const id = first.id!;
      const initial = snapshotOf(first, id);
      return success(
        { providerTaskId: id, creditsCharged: first.creditsUsed, replay: false, initial, updates: snapshots(updates, id) },
        result.httpStatus,
        { status: first.status, taskId: id },
      );
    },

    async fetchTask(providerTaskId) {
      const result = await client.getGeneration(providerTaskId);
      return result.ok
        ? success(snapshotOf(result.data, providerTaskId), result.httpStatus, { status: result.status, taskId: providerTaskId })
        : result;
    },

    mapStatus: stateOf,

    async account() {
      const result = await balance();
      return result.ok ? success({ balance: result.data, supportedModels: null }, result.httpStatus) : result;
    },
  };
}
