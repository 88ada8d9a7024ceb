import "server-only";
import path from "node:path";
import { parseSampleFile, readSample, type MediaDirs, type MediaRead, type OutputFaultOf } from "./media";

// The built-in sandboxes answer with URLs of their own sample media, served by this very app. A
// sandbox task's output is read from those files directly: fetching it over HTTP would mean
// Cutroom connecting to its own loopback address, which the output fetcher refuses (rightly). The
// read answers as the URL would over HTTP, output fault knob included.

/** Where the sample clips ship in this repository. */
export const SANDBOX_MEDIA_DIR = path.join(process.cwd(), "public/sandbox/media");

const noFault: OutputFaultOf = () => null;

/**
 * The bytes behind a sandbox's media URL, "missing" when the output fault knob has it answer 404,
 * or null when the URL is not one of its sample files. `basePaths` are the paths the sandboxes are
 * mounted under (the host knows them, not the sandbox).
 */
export async function readSandboxMedia(
  outputUrl: string,
  mounts: MediaDirs & { basePaths: readonly string[]; outputFaultOf?: OutputFaultOf },
): Promise<MediaRead> {
  let url: URL;
  try {
    url = new URL(outputUrl);
  } catch {
    return null;
  }
  for (const base of mounts.basePaths) {
    const prefix = `${base}/media/`;
    if (!url.pathname.startsWith(prefix)) continue;
    const file = parseSampleFile(url.pathname.slice(prefix.length));
    if (!file) return null;
    return readSample(mounts, file, url.searchParams.get("task"), mounts.outputFaultOf ?? noFault);
  }
  return null;
}
