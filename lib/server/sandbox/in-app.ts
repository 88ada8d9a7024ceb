import "server-only";
import { db } from "../db";
import { env } from "../env";
import { SANDBOX_BASE_PATHS, isSandboxed, sandboxApiKey, selfUrl } from "../providers/registry";
import { sandboxWebhookSecret } from "../webhooks/receive-signed";
import { createAivideomakerSandbox, type AivideomakerSandbox } from "./aivideomaker";
import { createApidotSandbox, type ApidotSandbox } from "./apidot";
import { SANDBOX_MEDIA_DIR, readSandboxMedia } from "./local-media";
import { createSkillsVideoSandbox, type SkillsVideoSandbox } from "./skills-video";
import type { SandboxHost } from "./types";

// The host side of the built-in sandboxes, until the provider descriptors take it over: the one
// module under lib/server/sandbox that may read Cutroom's configuration (see eslint.config.mjs).

const globalForSandbox = globalThis as unknown as {
  cutroomAivideomakerSandbox?: AivideomakerSandbox;
  cutroomSkillsVideoSandbox?: SkillsVideoSandbox;
  cutroomApidotSandbox?: ApidotSandbox;
};

/** What every in-app sandbox is given: this app's database, the sandbox key and settings. */
function hostFor(basePath: string, faults: string | undefined): SandboxHost {
  const config = env();
  return {
    db,
    apiKey: sandboxApiKey(),
    taskSeconds: config.SANDBOX_TASK_SECONDS,
    initialCredits: config.SANDBOX_CREDITS,
    basePath,
    mediaDir: SANDBOX_MEDIA_DIR,
    faults,
  };
}

/** The AIVideoMaker sandbox mounted in this app, or null when a real API key is configured. */
export function inAppAivideomakerSandbox(): AivideomakerSandbox | null {
  if (!isSandboxed("aivideomaker")) return null;
  globalForSandbox.cutroomAivideomakerSandbox ??= createAivideomakerSandbox(hostFor(SANDBOX_BASE_PATHS.aivideomaker, env().SANDBOX_FAULTS));
  return globalForSandbox.cutroomAivideomakerSandbox;
}

/**
 * The skills.video sandbox mounted in this app, or null when a real key is configured. Its
 * "dashboard endpoint" is this app's own webhook receiver, signed with the sandbox's secret.
 */
export function inAppSkillsVideoSandbox(): SkillsVideoSandbox | null {
  if (!isSandboxed("skills-video")) return null;
  if (!globalForSandbox.cutroomSkillsVideoSandbox) {
    const config = env();
    globalForSandbox.cutroomSkillsVideoSandbox = createSkillsVideoSandbox({
      ...hostFor(SANDBOX_BASE_PATHS["skills-video"], config.SANDBOX_SKILLS_VIDEO_FAULTS),
      webhook: {
        url: `${selfUrl()}/api/webhook/skills-video`,
        secret: config.SKILLS_VIDEO_WEBHOOK_SECRET?.split(/\s+/)[0] ?? sandboxWebhookSecret(),
      },
    });
  }
  return globalForSandbox.cutroomSkillsVideoSandbox;
}

/**
 * The APIDot sandbox mounted in this app, or null when a real key is configured. Its callbacks go
 * wherever each submit's callback_url says.
 */
export function inAppApidotSandbox(): ApidotSandbox | null {
  if (!isSandboxed("apidot")) return null;
  globalForSandbox.cutroomApidotSandbox ??= createApidotSandbox(hostFor(SANDBOX_BASE_PATHS.apidot, env().SANDBOX_APIDOT_FAULTS));
  return globalForSandbox.cutroomApidotSandbox;
}

/** The bytes behind an in-app sandbox's media URL, or null when it is not one of the sample files. */
export function readInAppSandboxMedia(outputUrl: string): Promise<Buffer | null> {
  return readSandboxMedia(outputUrl, { basePaths: Object.values(SANDBOX_BASE_PATHS), mediaDir: SANDBOX_MEDIA_DIR });
}
