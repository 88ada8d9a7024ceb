import "server-only";
import path from "node:path";
import { SAMPLE_FILE, sampleBytes, type Aspect } from "./media";

// The built-in sandboxes answer with URLs of their own sample media, served by this very app. A
// sandbox task's output is read from those files directly: fetching it over HTTP would mean
// Cutroom connecting to its own loopback address, which the output fetcher refuses (rightly).

/** Where the sample clips ship in this repository. */
export const SANDBOX_MEDIA_DIR = path.join(process.cwd(), "public/sandbox/media");

/**
 * The bytes behind a sandbox's media URL, or null when the URL is not one of its sample files.
 * `basePaths` are the paths the sandboxes are mounted under (the host knows them, not the sandbox).
 */
export async function readSandboxMedia(
  outputUrl: string,
  mounts: { basePaths: readonly string[]; mediaDir: string },
): Promise<Buffer | null> {
  let pathname: string;
  try {
    pathname = new URL(outputUrl).pathname;
  } catch {
    return null;
  }
  for (const base of mounts.basePaths) {
    const prefix = `${base}/media/`;
    if (!pathname.startsWith(prefix)) continue;
    const match = SAMPLE_FILE.exec(pathname.slice(prefix.length));
    if (!match) return null;
    return sampleBytes(mounts.mediaDir, match[1] as Aspect, match[2] as "mp4" | "png");
  }
  return null;
}
