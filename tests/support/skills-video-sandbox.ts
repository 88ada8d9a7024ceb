import { openDatabase } from "@/lib/server/db/client";
import type { SandboxDb } from "@/lib/server/sandbox/db";
import { createSkillsVideoSandbox, type SkillsVideoSandbox } from "@/lib/server/sandbox/skills-video";
import type { SkillsVideoFaults } from "@/lib/server/sandbox/skills-video/faults";
import { startStandaloneSandbox, type StandaloneSandbox } from "@/lib/server/sandbox/standalone";
import { createSkillsVideoClient, type SkillsVideoClientConfig } from "@/lib/server/providers/skills-video/client";
import { SANDBOX_MEDIA_DIR } from "./sandbox";

// A real skills.video sandbox on its own port, for client tests and for the app in integration tests.

export const SKILLS_VIDEO_TEST_KEY = "skills-video-test-key";
// A Standard Webhooks secret: whsec_ + base64 of 24 bytes.
export const SKILLS_VIDEO_TEST_SECRET = `whsec_${Buffer.from("cutroom-test-webhook-secret!").toString("base64")}`;

export type SkillsVideoSandboxFixture = StandaloneSandbox<SkillsVideoSandbox> & {
  requests: Request[];
  client: (overrides?: Partial<SkillsVideoClientConfig>) => ReturnType<typeof createSkillsVideoClient>;
  stop: () => Promise<void>;
};

/** Keeps its state in `db` when given (the caller closes it), else in an in-memory PGlite of its own. */
export async function startSkillsVideoSandbox(
  options: { taskSeconds?: number; initialCredits?: number; faults?: SkillsVideoFaults; webhookUrl?: string; db?: SandboxDb } = {},
): Promise<SkillsVideoSandboxFixture> {
  const own = options.db ? null : await openDatabase({ kind: "pglite" });
  const requests: Request[] = [];
  const server = await startStandaloneSandbox(createSkillsVideoSandbox, {
    db: options.db ?? own!.db,
    apiKey: SKILLS_VIDEO_TEST_KEY,
    taskSeconds: options.taskSeconds ?? 1,
    initialCredits: options.initialCredits ?? 10_000,
    mediaDir: SANDBOX_MEDIA_DIR,
    faults: options.faults && JSON.stringify(options.faults),
    webhook: options.webhookUrl ? { url: options.webhookUrl, secret: SKILLS_VIDEO_TEST_SECRET } : undefined,
    tickMs: 100,
    onRequest: (request) => requests.push(request),
  });
  return {
    ...server,
    requests,
    client: (overrides = {}) =>
      createSkillsVideoClient({
        baseUrl: `${server.url}/api/v1`,
        apiKey: SKILLS_VIDEO_TEST_KEY,
        timeoutMs: 5000,
        minBackoffMs: 20,
        ...overrides,
      }),
    stop: async () => {
      await server.close();
      await own?.close();
    },
  };
}
