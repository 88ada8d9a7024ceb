import "server-only";
import { db } from "../db";
import { env } from "../env";
import { persistentSecret } from "../secrets";
import type { ProviderId } from "@/lib/shared/catalog";
import type { ProviderDescriptor } from "./descriptor";
import { createCallGate } from "./gate";
import type { VideoProvider } from "./types";
import { aivideomaker } from "./aivideomaker";
import { apidot } from "./apidot";
import { skillsVideo } from "./skills-video";

/**
 * Every provider Cutroom talks to, one descriptor each. Everything else (ids, health, the admin
 * overview, webhook routing, background work, the sandbox routes) is derived from this list; adding
 * a provider is its folder and a line here (docs/ADDING-A-PROVIDER.md).
 */
export const PROVIDERS: readonly ProviderDescriptor[] = [aivideomaker, skillsVideo, apidot];

export function findDescriptor(id: string): ProviderDescriptor | undefined {
  return PROVIDERS.find((descriptor) => descriptor.id === id);
}

export function descriptorOf(id: ProviderId): ProviderDescriptor {
  const descriptor = findDescriptor(id);
  if (!descriptor) throw new Error(`No provider is registered as "${id}".`);
  return descriptor;
}

/** Where the built-in sandbox of a provider is mounted in this app. */
export const sandboxBasePath = (id: ProviderId) => `/api/sandbox/${id}`;

/** True when a provider has no API key and Cutroom serves its built-in sandbox instead. */
export function isSandboxed(id: ProviderId): boolean {
  return !descriptorOf(id).settings().apiKey;
}

/**
 * The key of the built-in sandbox. Random per install unless SANDBOX_API_KEY is set, so nobody who
 * can reach Cutroom can use its sandbox (read prompts, cancel tasks, make it send webhooks).
 */
export function sandboxApiKey(): string {
  return persistentSecret("sandbox-key", env().SANDBOX_API_KEY, "SANDBOX_API_KEY");
}

/** Where the app reaches itself: its own sandbox, and the webhook URL it gives the sandbox. */
export function selfUrl(): string {
  return `http://127.0.0.1:${env().PORT}`;
}

const globalForProviders = globalThis as unknown as { cutroomProviders?: Map<ProviderId, VideoProvider> };

/** The provider's client: its vendor's API with a key, else its sandbox in this app; one per process. */
export function getProvider(id: ProviderId): VideoProvider {
  globalForProviders.cutroomProviders ??= new Map();
  const cached = globalForProviders.cutroomProviders.get(id);
  if (cached) return cached;
  const descriptor = descriptorOf(id);
  const settings = descriptor.settings();
  const config = env();
  const sandbox = !settings.apiKey;
  const provider = descriptor.createClient({
    identity: { id: descriptor.id, label: descriptor.label, capabilities: descriptor.capabilities },
    sandbox,
    baseUrl: sandbox ? `${selfUrl()}${sandboxBasePath(id)}${descriptor.sandbox.apiPrefix}` : settings.baseUrl,
    apiKey: settings.apiKey ?? sandboxApiKey(),
    gate: createCallGate(db, {
      provider: id,
      label: descriptor.label,
      queryBudgetPerMinute: settings.queryBudgetPerMinute,
      breakerFailures: config.PROVIDER_BREAKER_FAILURES,
      breakerSeconds: config.PROVIDER_BREAKER_SECONDS,
      pauseMaxSeconds: config.PROVIDER_PAUSE_MAX_SECONDS,
    }),
    settings,
  });
  globalForProviders.cutroomProviders.set(id, provider);
  return provider;
}

/** Tests swap configuration between cases. */
export function resetProvidersForTests(): void {
  globalForProviders.cutroomProviders = undefined;
}
