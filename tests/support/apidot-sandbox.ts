import { openDatabase } from "@/lib/server/db/client";
import { createApidotSandbox, type ApidotSandbox } from "@/lib/server/sandbox/apidot";
import type { ApidotFaults } from "@/lib/server/sandbox/apidot/faults";
import type { SandboxDb } from "@/lib/server/sandbox/db";
import { startStandaloneSandbox, type StandaloneSandbox } from "@/lib/server/sandbox/standalone";
import { createApidotClient, type ApidotClientConfig } from "@/lib/server/providers/apidot/client";
import { SANDBOX_MEDIA_DIR } from "./sandbox";

// A real APIDot sandbox on its own port, for client tests and for the app in integration tests.

export const APIDOT_TEST_KEY = "apidot-test-key";

export type ApidotSandboxFixture = StandaloneSandbox<ApidotSandbox> & {
  requests: Request[];
  client: (overrides?: Partial<ApidotClientConfig>) => ReturnType<typeof createApidotClient>;
  stop: () => Promise<void>;
};

/** Keeps its state in `db` when given (the caller closes it), else in an in-memory PGlite of its own. */
export async function startApidotSandbox(
  options: { taskSeconds?: number; initialCredits?: number; faults?: ApidotFaults; db?: SandboxDb } = {},
): Promise<ApidotSandboxFixture> {
  const own = options.db ? null : await openDatabase({ kind: "pglite" });
  const requests: Request[] = [];
  const server = await startStandaloneSandbox(createApidotSandbox, {
    db: options.db ?? own!.db,
    apiKey: APIDOT_TEST_KEY,
    taskSeconds: options.taskSeconds ?? 1,
    initialCredits: options.initialCredits ?? 10_000,
    mediaDir: SANDBOX_MEDIA_DIR,
    faults: options.faults && JSON.stringify(options.faults),
    tickMs: 100,
    onRequest: (request) => requests.push(request),
  });
  return {
    ...server,
    requests,
    client: (overrides = {}) =>
      createApidotClient({ baseUrl: server.url, apiKey: APIDOT_TEST_KEY, timeoutMs: 5000, minBackoffMs: 20, ...overrides }),
    stop: async () => {
      await server.close();
      await own?.close();
    },
  };
}
