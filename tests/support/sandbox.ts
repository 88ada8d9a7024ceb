import path from "node:path";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db/client";
import { createAivideomakerSandbox, type AivideomakerSandbox } from "@/lib/server/sandbox/aivideomaker";
import { startStandaloneSandbox, type StandaloneSandbox } from "@/lib/server/sandbox/standalone";
import type { SandboxFaults } from "@/lib/server/sandbox/aivideomaker/faults";
import { createAivideoClient, type AivideoClientConfig } from "@/lib/server/providers/aivideomaker/client";

export const SANDBOX_MEDIA_DIR = path.resolve(__dirname, "../../public/sandbox/media");

export type SandboxFixture = StandaloneSandbox<AivideomakerSandbox> & {
  database: DatabaseHandle;
  requests: Request[];
  client: (overrides?: Partial<AivideoClientConfig>) => ReturnType<typeof createAivideoClient>;
  stop: () => Promise<void>;
};

/** A real AIVideoMaker sandbox on its own port over its own in-memory PGlite, for client tests. */
export async function startSandbox(
  options: {
    apiKey?: string;
    taskSeconds?: number;
    initialCredits?: number;
    queryLimit?: { limit: number; windowMs: number };
    tickMs?: number;
    faults?: SandboxFaults;
  } = {},
): Promise<SandboxFixture> {
  const database = await openDatabase({ kind: "pglite" });
  const requests: Request[] = [];
  const apiKey = options.apiKey ?? "sandbox-test-key";
  const server = await startStandaloneSandbox(createAivideomakerSandbox, {
    db: database.db,
    apiKey,
    taskSeconds: options.taskSeconds ?? 1.5,
    initialCredits: options.initialCredits ?? 1000,
    mediaDir: SANDBOX_MEDIA_DIR,
    queryLimit: options.queryLimit,
    faults: options.faults && JSON.stringify(options.faults),
    tickMs: options.tickMs ?? 200,
    onRequest: (request) => requests.push(request),
  });
  return {
    ...server,
    database,
    requests,
    client: (overrides = {}) =>
      createAivideoClient({
        baseUrl: server.url,
        apiKey,
        timeoutMs: 5000,
        maxRetries: 3,
        minBackoffMs: 20,
        maxBackoffMs: 100,
        ...overrides,
      }),
    stop: async () => {
      await server.close();
      await database.close();
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
