import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Hono } from "hono";
import type { BlankEnv, BlankSchema } from "hono/types";
import sharp from "sharp";
import type { z } from "zod";

// What the in-memory provider sandboxes (skills.video, APIDot) share: the sample media they answer
// with, how a task's webhooks are dropped, their fault knobs' holder, the log of calls and the
// control plane tests drive them through.

export type Aspect = "landscape" | "portrait" | "square";

/** The frame shape of a "16:9"-style ratio; anything unreadable (or "auto") is landscape. */
export function aspectOfRatio(ratio: unknown): Aspect {
  const [w, h] = (typeof ratio === "string" ? ratio : "16:9").split(":").map(Number);
  if (!w || !h) return "landscape";
  return w / h > 1.15 ? "landscape" : w / h < 0.87 ? "portrait" : "square";
}

const imageCache = new Map<string, Promise<Buffer>>();

/** A real PNG for image results: a gradient in the asked shape. */
export function sampleImage(aspect: Aspect): Promise<Buffer> {
  let cached = imageCache.get(aspect);
  if (!cached) {
    const [width, height] = aspect === "landscape" ? [1024, 576] : aspect === "portrait" ? [576, 1024] : [768, 768];
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#6d28d9"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#ffffff" fill-opacity="0.35"/></svg>`;
    cached = sharp(Buffer.from(svg)).png().toBuffer();
    imageCache.set(aspect, cached);
  }
  return cached;
}

/** Whether a task's webhooks are dropped: decided by its id, so it holds for all of them. */
export function dropsWebhooksOf(id: string, dropRate: number): boolean {
  if (dropRate <= 0) return false;
  return createHash("sha256").update(id).digest().readUInt32BE(0) / 0xffffffff < dropRate;
}

type SandboxApp = Hono<BlankEnv, BlankSchema, string>;

/** GET /media/:file: the sample clips (landscape|portrait|square .mp4 from mediaDir) and drawn PNGs. */
export function serveMedia(app: SandboxApp, mediaDir: string): void {
  app.get("/media/:file", async (c) => {
    const file = c.req.param("file");
    const match = /^(landscape|portrait|square)\.(mp4|png)$/.exec(file);
    if (!match) return c.notFound();
    if (match[2] === "mp4") {
      const bytes = await fs.readFile(path.join(mediaDir, file));
      return c.body(new Uint8Array(bytes), 200, { "content-type": "video/mp4", "content-length": String(bytes.length) });
    }
    const bytes = await sampleImage(match[1] as Aspect);
    return c.body(new Uint8Array(bytes), 200, { "content-type": "image/png", "content-length": String(bytes.length) });
  });
}

export type SandboxCall<E extends string> = { at: number; endpoint: E; status: number };

const CALL_LOG_SIZE = 20_000;

/** Notes a vendor-API call in the (bounded) log and hands its response back. */
export function recordCall<E extends string>(calls: SandboxCall<E>[], endpoint: E, response: Response): Response {
  calls.push({ at: Date.now(), endpoint, status: response.status });
  if (calls.length > CALL_LOG_SIZE) calls.splice(0, calls.length - CALL_LOG_SIZE);
  return response;
}

type StormKnob = { rateLimitStorm?: { seconds: number; retryAfterSeconds: number } };

/** The current fault knobs; a 429 storm runs for its seconds from when the knobs were set. */
export function createFaultKnobs<T extends StormKnob>(initial: T) {
  let current = initial;
  let stormUntil = 0;
  const set = (next: T) => {
    current = next;
    stormUntil = next.rateLimitStorm ? Date.now() + next.rateLimitStorm.seconds * 1000 : 0;
  };
  set(initial);
  return {
    get current(): T {
      return current;
    },
    set,
    /** The Retry-After seconds while a storm is on, else null. */
    storming(): number | null {
      return current.rateLimitStorm && Date.now() < stormUntil ? current.rateLimitStorm.retryAfterSeconds : null;
    },
  };
}

/**
 * The control plane (not part of any vendor's API), Bearer-protected with the sandbox key:
 * GET/PUT /_sandbox/faults and GET /_sandbox/calls?since=<ms>.
 */
export function mountControlPlane<T, E extends string>(
  app: SandboxApp,
  options: { apiKey: string; schema: z.ZodType<T>; faults: () => T; setFaults: (next: T) => void; calls: SandboxCall<E>[] },
): void {
  app.use("/_sandbox/*", async (c, next) => {
    if (c.req.header("authorization") !== `Bearer ${options.apiKey}`) return c.json({ error: "UNAUTHORIZED" }, 401);
    await next();
  });
  app.get("/_sandbox/faults", (c) => c.json(options.faults() as object));
  app.put("/_sandbox/faults", async (c) => {
    const parsed = options.schema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.issues }, 400);
    options.setFaults(parsed.data);
    return c.json(options.faults() as object);
  });
  app.get("/_sandbox/calls", (c) => {
    const since = Number(c.req.query("since") ?? 0);
    return c.json({ calls: options.calls.filter((call) => call.at >= since) });
  });
}
