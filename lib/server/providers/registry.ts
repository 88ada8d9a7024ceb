import "server-only";
import { db } from "../db";
import { env } from "../env";
import { persistentSecret } from "../secrets";
import type { ProviderId } from "@/lib/shared/catalog";
import type { VideoProvider } from "./types";
import { createCallGate } from "./gate";
import { createAivideomakerProvider } from "./aivideomaker";
import { createApidotProvider } from "./apidot";
import { createSkillsVideoProvider } from "./skills-video";

export const SANDBOX_BASE_PATHS: Record<ProviderId, string> = {
  aivideomaker: "/api/sandbox/aivideomaker",
  "skills-video": "/api/sandbox/skills-video",
  apidot: "/api/sandbox/apidot",
};

/** True when a provider has no API key and Cutroom serves its built-in sandbox instead. */
export function isSandboxed(id: ProviderId): boolean {
  switch (id) {
    case "aivideomaker":
      return !env().AIVIDEO_API_KEY;
    case "skills-video":
      return !env().SKILLS_VIDEO_API_KEY;
    case "apidot":
      return !env().APIDOT_API_KEY;
  }
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

export function getProvider(id: ProviderId): VideoProvider {
  globalForProviders.cutroomProviders ??= new Map();
  const cached = globalForProviders.cutroomProviders.get(id);
  if (cached) return cached;
  const config = env();
  let provider: VideoProvider;
  switch (id) {
    case "aivideomaker": {
      const sandbox = isSandboxed(id);
      provider = createAivideomakerProvider({
        sandbox,
        baseUrl: sandbox ? `${selfUrl()}${SANDBOX_BASE_PATHS.aivideomaker}` : (config.AIVIDEO_BASE_URL ?? "https://aivideomaker.ai"),
        apiKey: sandbox ? sandboxApiKey() : config.AIVIDEO_API_KEY!,
        timeoutMs: config.AIVIDEO_TIMEOUT_MS,
        maxRetries: config.AIVIDEO_MAX_RETRIES,
        gate: createCallGate(db, {
          provider: id,
          label: "AIVideoMaker",
          queryBudgetPerMinute: config.AIVIDEO_QUERY_BUDGET,
          breakerFailures: config.PROVIDER_BREAKER_FAILURES,
          breakerSeconds: config.PROVIDER_BREAKER_SECONDS,
          pauseMaxSeconds: config.PROVIDER_PAUSE_MAX_SECONDS,
        }),
      });
      break;
    }
    case "skills-video": {
      const sandbox = isSandboxed(id);
      provider = createSkillsVideoProvider({
        sandbox,
        // The sandbox serves the API under the same /api/v1 path as the real host.
        baseUrl: sandbox
          ? `${selfUrl()}${SANDBOX_BASE_PATHS["skills-video"]}/api/v1`
          : (config.SKILLS_VIDEO_BASE_URL ?? "https://open.skills.video/api/v1"),
        apiKey: sandbox ? sandboxApiKey() : config.SKILLS_VIDEO_API_KEY!,
        timeoutMs: config.SKILLS_VIDEO_TIMEOUT_MS,
        gate: createCallGate(db, {
          provider: id,
          label: "skills.video",
          queryBudgetPerMinute: config.SKILLS_VIDEO_QUERY_BUDGET,
          breakerFailures: config.PROVIDER_BREAKER_FAILURES,
          breakerSeconds: config.PROVIDER_BREAKER_SECONDS,
          pauseMaxSeconds: config.PROVIDER_PAUSE_MAX_SECONDS,
        }),
      });
      break;
    }
    case "apidot": {
      const sandbox = isSandboxed(id);
      provider = createApidotProvider({
        sandbox,
        baseUrl: sandbox ? `${selfUrl()}${SANDBOX_BASE_PATHS.apidot}` : (config.APIDOT_BASE_URL ?? "https://api.apidot.ai"),
        apiKey: sandbox ? sandboxApiKey() : config.APIDOT_API_KEY!,
        timeoutMs: config.APIDOT_TIMEOUT_MS,
        gate: createCallGate(db, {
          provider: id,
          label: "APIDot",
          queryBudgetPerMinute: config.APIDOT_QUERY_BUDGET,
          breakerFailures: config.PROVIDER_BREAKER_FAILURES,
          breakerSeconds: config.PROVIDER_BREAKER_SECONDS,
          pauseMaxSeconds: config.PROVIDER_PAUSE_MAX_SECONDS,
        }),
      });
      break;
    }
  }
  globalForProviders.cutroomProviders.set(id, provider);
  return provider;
}

/** Tests swap configuration between cases. */
export function resetProvidersForTests(): void {
  globalForProviders.cutroomProviders = undefined;
}
