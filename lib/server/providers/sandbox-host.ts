import "server-only";
import path from "node:path";
import { db } from "../db";
import { env } from "../env";
import type { ProviderId } from "@/lib/shared/catalog";
import type { HostedSandbox, SandboxMediaRead } from "./descriptor";
import { PROVIDERS, descriptorOf, isSandboxed, sandboxApiKey, sandboxBasePath, selfUrl } from "./registry";

// Cutroom hosts the built-in sandbox of every provider that has no API key: mounted under
// /api/sandbox/<id> in this app, with its clock run by the web process, signing its webhooks (if the
// provider signs) with the secret Cutroom's receiver expects. One per provider and process.

/** The sample media every sandbox serves, shipped in public/. */
const MEDIA_DIR = path.join(process.cwd(), "public/sandbox/media");

const globalForSandbox = globalThis as unknown as { cutroomSandboxes?: Map<ProviderId, HostedSandbox> };

/** The provider's sandbox in this app, or null when a real API key is configured. */
export function hostedSandbox(id: ProviderId): HostedSandbox | null {
  if (!isSandboxed(id)) return null;
  const sandboxes = (globalForSandbox.cutroomSandboxes ??= new Map());
  const existing = sandboxes.get(id);
  if (existing) return existing;
  const descriptor = descriptorOf(id);
  const config = env();
  const secret = descriptor.webhook.kind === "signed" ? descriptor.webhook.secrets({ sandbox: true, sandboxApiKey })[0] : undefined;
  const sandbox = descriptor.sandbox.create({
    db,
    apiKey: sandboxApiKey(),
    taskSeconds: config.SANDBOX_TASK_SECONDS,
    initialCredits: config.SANDBOX_CREDITS,
    basePath: sandboxBasePath(id),
    mediaDir: MEDIA_DIR,
    cacheDir: path.join(config.dataDir, "sandbox-clips"),
    faults: descriptor.settings().sandboxFaults,
    webhook: { url: `${selfUrl()}/api/webhook/${id}`, secret },
  });
  sandboxes.set(id, sandbox);
  return sandbox;
}

/** Every sandbox this app hosts, for the clocks that move their tasks along. */
export function hostedSandboxes(): { id: ProviderId; sandbox: HostedSandbox }[] {
  return PROVIDERS.flatMap((descriptor) => {
    const sandbox = hostedSandbox(descriptor.id);
    return sandbox ? [{ id: descriptor.id, sandbox }] : [];
  });
}

/**
 * A sandbox task's output, read from the sandbox's own files rather than over HTTP to this app: by
 * the running sandbox (so its output fault knob applies), or straight from the files once the
 * provider has a key and no sandbox runs.
 */
export function readSandboxOutput(id: ProviderId, outputUrl: string): Promise<SandboxMediaRead> {
  const sandbox = hostedSandbox(id);
  return sandbox ? sandbox.readMedia(outputUrl) : descriptorOf(id).sandbox.readMedia(outputUrl, sandboxBasePath(id));
}
