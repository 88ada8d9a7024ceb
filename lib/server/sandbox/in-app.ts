import "server-only";
import { db } from "../db";
import { env } from "../env";
import { SANDBOX_BASE_PATHS, isSandboxed, sandboxApiKey, selfUrl } from "../providers/registry";
import { parseSandboxFaults } from "./aivideomaker/faults";
import { createApidotSandbox, type ApidotSandbox } from "./apidot/app";
import { parseApidotFaults } from "./apidot/faults";
import { createAivideomakerSandbox, type AivideomakerSandbox } from "./aivideomaker/app";
import { sandboxWebhookSecret } from "../webhooks/receive-signed";
import { SANDBOX_MEDIA_DIR } from "./local-media";
import { createSkillsVideoSandbox, type SkillsVideoSandbox } from "./skills-video/app";
import { parseSkillsVideoFaults } from "./skills-video/faults";

const globalForSandbox = globalThis as unknown as {
  cutroomAivideomakerSandbox?: AivideomakerSandbox;
  cutroomSkillsVideoSandbox?: SkillsVideoSandbox;
  cutroomApidotSandbox?: ApidotSandbox;
};

/** The AIVideoMaker sandbox mounted in this app, or null when a real API key is configured. */
export function inAppAivideomakerSandbox(): AivideomakerSandbox | null {
  if (!isSandboxed("aivideomaker")) return null;
  if (!globalForSandbox.cutroomAivideomakerSandbox) {
    const config = env();
    globalForSandbox.cutroomAivideomakerSandbox = createAivideomakerSandbox({
      db,
      apiKey: sandboxApiKey(),
      taskSeconds: config.SANDBOX_TASK_SECONDS,
      initialCredits: config.SANDBOX_CREDITS,
      basePath: SANDBOX_BASE_PATHS.aivideomaker,
      mediaDir: SANDBOX_MEDIA_DIR,
      faults: parseSandboxFaults(config.SANDBOX_FAULTS),
    });
  }
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
      apiKey: sandboxApiKey(),
      taskSeconds: config.SANDBOX_TASK_SECONDS,
      initialCredits: config.SANDBOX_CREDITS,
      basePath: SANDBOX_BASE_PATHS["skills-video"],
      mediaDir: SANDBOX_MEDIA_DIR,
      webhook: {
        url: `${selfUrl()}/api/webhook/skills-video`,
        secret: config.SKILLS_VIDEO_WEBHOOK_SECRET?.split(/\s+/)[0] ?? sandboxWebhookSecret(),
      },
      faults: parseSkillsVideoFaults(config.SANDBOX_SKILLS_VIDEO_FAULTS),
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
  if (!globalForSandbox.cutroomApidotSandbox) {
    const config = env();
    globalForSandbox.cutroomApidotSandbox = createApidotSandbox({
      apiKey: sandboxApiKey(),
      taskSeconds: config.SANDBOX_TASK_SECONDS,
      initialCredits: config.SANDBOX_CREDITS,
      basePath: SANDBOX_BASE_PATHS.apidot,
      mediaDir: SANDBOX_MEDIA_DIR,
      faults: parseApidotFaults(config.SANDBOX_APIDOT_FAULTS),
    });
  }
  return globalForSandbox.cutroomApidotSandbox;
}
