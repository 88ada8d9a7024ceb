import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { sampleImage, type Aspect } from "./shared";

// The built-in sandboxes answer with URLs of their own sample media, served by this very app. A
// sandbox task's output is read from those files directly: fetching it over HTTP would mean
// Cutroom connecting to its own loopback address, which the output fetcher refuses (rightly).

export const SANDBOX_MEDIA_DIR = path.join(process.cwd(), "public/sandbox/media");

/**
 * The bytes behind a sandbox's media URL (the sandbox mounted at `basePath`), or null when the URL
 * is not one of its sample files.
 */
export async function readSandboxMedia(outputUrl: string, basePath: string): Promise<Buffer | null> {
  let pathname: string;
  try {
    pathname = new URL(outputUrl).pathname;
  } catch {
    return null;
  }
  const prefix = `${basePath}/media/`;
  if (!pathname.startsWith(prefix)) return null;
  const match = /^(landscape|portrait|square)\.(mp4|png)$/.exec(pathname.slice(prefix.length));
  if (!match) return null;
  const aspect = match[1] as Aspect;
  return match[2] === "mp4" ? fs.readFile(path.join(SANDBOX_MEDIA_DIR, `${aspect}.mp4`)) : sampleImage(aspect);
}
