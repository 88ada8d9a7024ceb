import "server-only";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Hono } from "hono";
import sharp from "sharp";
import { sampleClip } from "./clips";
import type { OutputFault } from "./fault-knobs";

// The media every sandbox answers with, matching the request as the provider's would: a video of
// the asked shape and length (the shape's sample clip, looped and cut by clips.ts), or a PNG drawn
// in the asked shape for image results. A media URL names what it holds, `portrait-15s.mp4` or
// `square.png`, and carries the task's id (`?task=`) so a fault knob can break some tasks' outputs
// and not others. The older names without a length (`portrait.mp4`) still serve the sample itself.

export type Aspect = "landscape" | "portrait" | "square";

/** Where a sandbox finds its samples and keeps the clips it makes from them. */
export type MediaDirs = { mediaDir: string; cacheDir?: string };

/** The clip lengths a sandbox makes; a request outside them is answered with the nearest. */
export const MIN_CLIP_SECONDS = 1;
export const MAX_CLIP_SECONDS = 60;

/** Where made clips are kept when the host names no folder (a standalone sandbox). */
export const DEFAULT_CLIP_CACHE_DIR = path.join(os.tmpdir(), "cutroom-sandbox-clips");

/** A sample file's name, as the sandboxes' media URLs end: landscape-8s.mp4, square.png, portrait.mp4. */
export const SAMPLE_FILE = /^(landscape|portrait|square)(?:-(\d{1,3})s)?\.(mp4|png)$/;

export type SampleFile = { aspect: Aspect; extension: "mp4" | "png"; seconds: number | null };

/** The file a media URL's last segment names, or null when it is not one the sandbox serves. */
export function parseSampleFile(name: string): SampleFile | null {
  const match = SAMPLE_FILE.exec(name);
  if (!match) return null;
  const extension = match[3] as "mp4" | "png";
  const seconds = match[2] === undefined ? null : Number(match[2]);
  if (seconds !== null && (extension === "png" || seconds < MIN_CLIP_SECONDS || seconds > MAX_CLIP_SECONDS)) return null;
  return { aspect: match[1] as Aspect, extension, seconds };
}

/** A requested length as a whole number of seconds the sandbox makes; `fallback` when unreadable. */
export function clipSeconds(value: unknown, fallback: number): number {
  const seconds = Number(value);
  const chosen = Number.isFinite(seconds) && seconds > 0 ? seconds : fallback;
  return Math.min(MAX_CLIP_SECONDS, Math.max(MIN_CLIP_SECONDS, Math.round(chosen)));
}

/** The media URL of a task's result, under the sandbox's origin and mount. */
export function mediaUrl(
  base: string,
  taskId: string,
  media: { aspect: Aspect; output: "video"; seconds: number } | { aspect: Aspect; output: "image" },
): string {
  return `${base}/media/${mediaFileName(media)}?task=${encodeURIComponent(taskId)}`;
}

export function mediaFileName(media: { aspect: Aspect; output: "video"; seconds: number } | { aspect: Aspect; output: "image" }): string {
  return media.output === "image" ? `${media.aspect}.png` : `${media.aspect}-${media.seconds}s.mp4`;
}

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

/**
 * What the "tiny" output fault serves: the start of a file that is sniffed as the right type but
 * holds nothing playable. An MP4 whose ftyp box says 1 KiB and stops at 320 bytes, with no moov; a
 * PNG cut off inside its header.
 */
export const TINY_MP4: Buffer = (() => {
  const bytes = Buffer.alloc(320);
  bytes.writeUInt32BE(0x400, 0);
  bytes.write("ftypisom", 4, "latin1");
  bytes.writeUInt32BE(0x200, 12);
  bytes.write("isomiso2avc1mp41", 16, "latin1");
  return bytes;
})();
export const TINY_PNG: Buffer = (() => {
  const bytes = Buffer.alloc(24);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write("IHDR", 12, "latin1");
  bytes.writeUInt32BE(1024, 16);
  bytes.writeUInt32BE(576, 20);
  return bytes;
})();

/** The bytes of a sample file: a clip of its length (made once), the plain sample, or a drawn PNG. */
export function sampleBytes(dirs: MediaDirs, file: SampleFile): Promise<Buffer> {
  if (file.extension === "png") return sampleImage(file.aspect);
  // A name without a length is the sample clip as shipped.
  if (file.seconds === null) return fs.readFile(path.join(dirs.mediaDir, `${file.aspect}.mp4`));
  return sampleClip(dirs.mediaDir, dirs.cacheDir ?? DEFAULT_CLIP_CACHE_DIR, file.aspect, file.seconds);
}

/** What a media URL answers: its bytes, "missing" (the provider no longer has it: 404), or null (not a sandbox file). */
export type MediaRead = Buffer | "missing" | null;

/** The fault a task's output is under (the live knobs decide by its id), or null. */
export type OutputFaultOf = (taskId: string | null) => OutputFault | null;

/** The bytes behind one sample file as a finished task's output, under the output fault knob. */
export async function readSample(dirs: MediaDirs, file: SampleFile, taskId: string | null, faultOf: OutputFaultOf): Promise<MediaRead> {
  const fault = faultOf(taskId);
  if (fault === "missing") return "missing";
  if (fault === "tiny") return file.extension === "png" ? TINY_PNG : TINY_MP4;
  return sampleBytes(dirs, file);
}

/** GET /media/:file: the clips and (unless `videosOnly`) the drawn PNGs; a "missing" output is the vendor's 404. */
export function serveMedia(app: Hono, dirs: MediaDirs, faultOf: OutputFaultOf, options: { videosOnly?: boolean } = {}): void {
  app.get("/media/:file", async (c) => {
    const file = parseSampleFile(c.req.param("file"));
    if (!file || (options.videosOnly && file.extension !== "mp4")) return c.notFound();
    const bytes = await readSample(dirs, file, c.req.query("task") ?? null, faultOf);
    if (bytes === "missing" || bytes === null) return c.notFound();
    const type = file.extension === "mp4" ? "video/mp4" : "image/png";
    return c.body(new Uint8Array(bytes), 200, { "content-type": type, "content-length": String(bytes.length) });
  });
}
