import "server-only";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Db } from "@/lib/server/db";
import type { Hono } from "hono";
import { createAivideomakerSandbox, type AivideomakerSandboxOptions } from "./aivideomaker/app";
import { createApidotSandbox, type ApidotSandbox, type ApidotSandboxOptions } from "./apidot/app";
import { createSkillsVideoSandbox, type SkillsVideoSandbox, type SkillsVideoSandboxOptions } from "./skills-video/app";

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
  return { sandbox, ...(await serveTicking(sandbox, options)) };
}

/** Serves a sandbox app on a local port and runs its clock; what both standalone sandboxes share. */
async function serveTicking(
  sandbox: { app: Hono; tick: () => Promise<unknown> },
  options: { port?: number; tickMs?: number; onRequest?: (request: Request) => void },
): Promise<{ url: string; close: () => Promise<void> }> {
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
  let ticking: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    ticking = ticking.then(() => sandbox.tick()).catch(() => undefined);
  }, options.tickMs ?? 1000);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      clearInterval(timer);
      await ticking;
      // Open SSE streams would keep the server from closing.
      (server as import("node:http").Server).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type StandaloneSkillsVideoSandbox = { url: string; sandbox: SkillsVideoSandbox; close: () => Promise<void> };

/** Serves the skills.video sandbox on its own port (tests), ticking every second. */
export async function startStandaloneSkillsVideoSandbox(
  options: Omit<SkillsVideoSandboxOptions, "basePath"> & { port?: number; tickMs?: number; onRequest?: (request: Request) => void },
): Promise<StandaloneSkillsVideoSandbox> {
  const sandbox = createSkillsVideoSandbox({ ...options, basePath: "" });
  return { sandbox, ...(await serveTicking(sandbox, options)) };
}

export type StandaloneApidotSandbox = { url: string; sandbox: ApidotSandbox; close: () => Promise<void> };

/** Serves the APIDot sandbox on its own port (tests), ticking every second. */
export async function startStandaloneApidotSandbox(
  options: Omit<ApidotSandboxOptions, "basePath"> & { port?: number; tickMs?: number; onRequest?: (request: Request) => void },
): Promise<StandaloneApidotSandbox> {
  const sandbox = createApidotSandbox({ ...options, basePath: "" });
  return { sandbox, ...(await serveTicking(sandbox, options)) };
}
