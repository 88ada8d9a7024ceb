import "server-only";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Db } from "@/lib/server/db";
import { createAivideomakerSandbox, type AivideomakerSandboxOptions } from "./aivideomaker/app";

export type StandaloneSandbox = {
  url: string;
  sandbox: ReturnType<typeof createAivideomakerSandbox>;
  close: () => Promise<void>;
};

/** Serves the AIVideoMaker sandbox on its own port (tests, `npm run sandbox`), ticking every second. */
export async function startStandaloneSandbox(
  options: Omit<AivideomakerSandboxOptions, "basePath" | "db"> & {
    db: Db;
    port?: number;
    tickMs?: number;
    /** Sees every request before the sandbox does (tests assert what the client sends). */
    onRequest?: (request: Request) => void;
  },
): Promise<StandaloneSandbox> {
  const sandbox = createAivideomakerSandbox({ ...options, basePath: "", db: async () => options.db });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve(
      {
        fetch: (request, env) => (options.onRequest?.(request.clone()), sandbox.app.fetch(request, env)),
        port: options.port ?? 0,
        hostname: "127.0.0.1",
      },
      () => resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  let ticking = Promise.resolve();
  const timer = setInterval(() => {
    ticking = ticking.then(() => sandbox.tick()).catch(() => undefined);
  }, options.tickMs ?? 1000);
  return {
    url: `http://127.0.0.1:${port}`,
    sandbox,
    close: async () => {
      clearInterval(timer);
      await ticking;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
