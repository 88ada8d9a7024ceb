import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import type { Hono } from "hono";
import sharp from "sharp";

// The media every sandbox answers with: the sample clips from the host's media folder, and a PNG
// drawn for image results, in the frame shape the request asked for.

export type Aspect = "landscape" | "portrait" | "square";

/** A sample file's name, as the sandboxes' media URLs end: landscape.mp4, square.png, ... */
export const SAMPLE_FILE = /^(landscape|portrait|square)\.(mp4|png)$/;

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

/** The bytes of a sample file named by SAMPLE_FILE's groups. */
export function sampleBytes(mediaDir: string, aspect: Aspect, extension: "mp4" | "png"): Promise<Buffer> {
  return extension === "mp4" ? fs.readFile(path.join(mediaDir, `${aspect}.mp4`)) : sampleImage(aspect);
}

/** GET /media/:file: the sample clips, and (unless `videosOnly`) the drawn PNGs. */
export function serveMedia(app: Hono, mediaDir: string, options: { videosOnly?: boolean } = {}): void {
  app.get("/media/:file", async (c) => {
    const match = SAMPLE_FILE.exec(c.req.param("file"));
    if (!match || (options.videosOnly && match[2] !== "mp4")) return c.notFound();
    const extension = match[2] as "mp4" | "png";
    const bytes = await sampleBytes(mediaDir, match[1] as Aspect, extension);
    const type = extension === "mp4" ? "video/mp4" : "image/png";
    return c.body(new Uint8Array(bytes), 200, { "content-type": type, "content-length": String(bytes.length) });
  });
}
