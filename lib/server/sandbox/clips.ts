import "server-only";
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import type { Aspect } from "./media";

// Sample clips of the length a request asked for: the shipped sample of its shape, looped and cut
// to that many seconds by ffmpeg. The sample is already H.264 yuv420p at a low bitrate, so the
// frames are copied, not encoded again (a 60 s clip takes milliseconds and under half a megabyte),
// and the cut is counted in frames so the length is exact. Each (shape, length, sample) is made
// once: later reads find the file in the cache folder, and requests that arrive while it is being
// made wait for the same run. The file appears by an atomic rename, so a reader (in this process or
// another one sharing the folder) never sees half of it.

const run = promisify(execFile);

type Sample = { file: string; bytes: Buffer; seconds: number; fps: number; digest: string };

const samples = new Map<string, Promise<Sample>>();
const making = new Map<string, Promise<string>>();

/** The shipped sample of a shape, with its length and frame rate as ffmpeg reads them. */
function sampleOf(mediaDir: string, aspect: Aspect): Promise<Sample> {
  const file = path.join(mediaDir, `${aspect}.mp4`);
  let sample = samples.get(file);
  if (!sample) {
    sample = (async () => {
      const bytes = await fs.readFile(file);
      // ffmpeg with no output describes its input on stderr and exits 1.
      const described = await run(ffmpeg.path, ["-hide_banner", "-protocol_whitelist", "file", "-i", `file:${file}`]).then(
        (result) => result.stderr,
        (error: { stderr?: string }) => error.stderr ?? "",
      );
      const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(described);
      const fps = /, (\d+(?:\.\d+)?) fps/.exec(described);
      if (!duration || !fps) throw new Error(`ffmpeg could not read the sample clip ${aspect}.mp4`);
      return {
        file,
        bytes,
        seconds: Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]),
        fps: Number(fps[1]),
        digest: createHash("sha256").update(bytes).digest("hex").slice(0, 12),
      };
    })();
    // A failed read is not kept: the next request tries again.
    sample.catch(() => samples.delete(file));
    samples.set(file, sample);
  }
  return sample;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (stat) => stat.isFile(),
    () => false,
  );
}

/** Loops the sample and cuts it at exactly `seconds`, into `target` by way of a temporary file. */
async function makeClip(sample: Sample, seconds: number, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const temporary = `${target}.${randomUUID()}.part.mp4`;
  try {
    await run(
      ffmpeg.path,
      [
        "-hide_banner",
        "-loglevel",
        "error",
        "-protocol_whitelist",
        "file",
        "-stream_loop",
        "-1",
        "-i",
        `file:${sample.file}`,
        "-map",
        "0:v:0",
        "-frames:v",
        String(Math.round(seconds * sample.fps)),
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        "-y",
        `file:${temporary}`,
      ],
      { timeout: 60_000 },
    );
    // Private like everything under DATA_DIR, whatever the process's umask.
    await fs.chmod(temporary, 0o600);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** An MP4 of the shape's sample, `seconds` long: the sample itself when it already is that long. */
export async function sampleClip(mediaDir: string, cacheDir: string, aspect: Aspect, seconds: number): Promise<Buffer> {
  const sample = await sampleOf(mediaDir, aspect);
  if (Math.abs(sample.seconds - seconds) < 0.5 / sample.fps) return sample.bytes;
  const target = path.join(cacheDir, `${aspect}-${seconds}s-${sample.digest}.mp4`);
  let made = making.get(target);
  if (!made) {
    made = (async () => {
      if (!(await exists(target))) await makeClip(sample, seconds, target);
      return target;
    })().finally(() => making.delete(target));
    making.set(target, made);
  }
  return fs.readFile(await made);
}
