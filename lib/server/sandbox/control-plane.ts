import "server-only";
import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { FaultKnobs, SandboxCall } from "./types";

// What every sandbox keeps beside the vendor's API: a bounded log of the calls it answered, and the
// control plane (not part of any vendor's API) through which tests in other processes set faults and
// count what a client really sent.

const CALL_LOG_SIZE = 20_000;

/** Notes a vendor-API call in the (bounded) log and hands its response back. */
export function recordCall<E extends string>(calls: SandboxCall<E>[], endpoint: E, response: Response): Response {
  calls.push({ at: Date.now(), endpoint, status: response.status });
  if (calls.length > CALL_LOG_SIZE) calls.splice(0, calls.length - CALL_LOG_SIZE);
  return response;
}

/**
 * GET/PUT /_sandbox/faults and GET /_sandbox/calls?since=<ms>, behind the sandbox key in the
 * vendor's own header (`authorized`); refusals answer in the vendor's shape (`unauthorized`).
 */
export function mountControlPlane<T, E extends string>(
  app: Hono,
  options: {
    authorized: (c: Context) => boolean;
    unauthorized: (c: Context) => Response;
    schema: z.ZodType<T>;
    faults: FaultKnobs<T>;
    calls: SandboxCall<E>[];
  },
): void {
  app.use("/_sandbox/*", async (c, next) => {
    if (!options.authorized(c)) return options.unauthorized(c);
    await next();
  });
  app.get("/_sandbox/faults", (c) => c.json(options.faults.current as object));
  app.put("/_sandbox/faults", async (c) => {
    const parsed = options.schema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    options.faults.set(parsed.data);
    return c.json(options.faults.current as object);
  });
  app.get("/_sandbox/calls", (c) => {
    const since = Number(c.req.query("since") ?? 0);
    return c.json({ calls: options.calls.filter((call) => call.at >= since) });
  });
}

/** Bearer-key check shared by the sandboxes whose vendors use `Authorization: Bearer`. */
export const bearerIs = (apiKey: string) => (c: Context) => c.req.header("authorization") === `Bearer ${apiKey}`;
