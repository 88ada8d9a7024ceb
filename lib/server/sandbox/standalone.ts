import "server-only";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { SandboxDb } from "./db";
import type { Sandbox, SandboxFactory, SandboxHost } from "./types";

// Any provider's sandbox on its own port (tests, `npm run sandbox`), with its clock ticking.

export type StandaloneOptions = Omit<SandboxHost, "basePath" | "db"> & {
  /** A database migrated with the app's migrations (they include the sandbox tables). */
  db: SandboxDb;
  port?: number;
  tickMs?: number;
  /** Sees every request before the sandbox does (tests assert what the client sends). */
  onRequest?: (request: Request) => void;
};

export type StandaloneSandbox<S extends Sandbox = Sandbox> = { url: string; sandbox: S; close: () => Promise<void> };

export async function startStandaloneSandbox<S extends Sandbox>(
  factory: SandboxFactory<S>,
  options: StandaloneOptions,
): Promise<StandaloneSandbox<S>> {
  const { db, port, tickMs, onRequest, ...host } = options;
  const sandbox = factory({ ...host, basePath: "", db: async () => db });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve(
      {
        fetch: (request, env) => (onRequest?.(request.clone()), sandbox.app.fetch(request, env)),
        port: port ?? 0,
        hostname: "127.0.0.1",
      },
      () => resolve(started),
    );
  });
  const { port: bound } = server.address() as AddressInfo;
  let ticking: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    ticking = ticking.then(() => sandbox.tick()).catch(() => undefined);
  }, tickMs ?? 1000);
  return {
    url: `http://127.0.0.1:${bound}`,
    sandbox,
    close: async () => {
      clearInterval(timer);
      await ticking;
      // Open SSE streams would keep the server from closing.
      (server as Server).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
