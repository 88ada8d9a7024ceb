import { startStandaloneApidotSandbox, type StandaloneApidotSandbox } from "@/lib/server/sandbox/standalone";
import type { ApidotFaults } from "@/lib/server/sandbox/apidot/faults";
import { createApidotClient, type ApidotClientConfig } from "@/lib/server/providers/apidot/client";
import { SANDBOX_MEDIA_DIR } from "./sandbox";

// A real APIDot sandbox on its own port, for client tests and for the app in integration tests.

export const APIDOT_TEST_KEY = "apidot-test-key";

export type ApidotSandboxFixture = StandaloneApidotSandbox & {
  requests: Request[];
  client: (overrides?: Partial<ApidotClientConfig>) => ReturnType<typeof createApidotClient>;
  stop: () => Promise<void>;
};

export async function startApidotSandbox(
  options: { taskSeconds?: number; initialCredits?: number; faults?: ApidotFaults } = {},
): Promise<ApidotSandboxFixture> {
  const requests: Request[] = [];
  const server = await startStandaloneApidotSandbox({
    apiKey: APIDOT_TEST_KEY,
    taskSeconds: options.taskSeconds ?? 1,
    initialCredits: options.initialCredits ?? 10_000,
    mediaDir: SANDBOX_MEDIA_DIR,
    faults: options.faults,
    tickMs: 100,
    onRequest: (request) => requests.push(request),
  });
  return {
    ...server,
    requests,
    client: (overrides = {}) =>
      createApidotClient({ baseUrl: server.url, apiKey: APIDOT_TEST_KEY, timeoutMs: 5000, minBackoffMs: 20, ...overrides }),
    stop: () => server.close(),
  };
}
