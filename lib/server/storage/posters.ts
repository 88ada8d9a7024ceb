import "server-only";
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import sharp from "sharp";
import { storage } from "./files";
import { OUTPUT_TYPES, isOutputMime } from "./media-types";

// A still for each output, so lists and the gallery show something without loading any video:
// a frame one second in (ffmpeg, shipped as an npm package) or the image itself, at most 640 px wide.
// The media came from a provider, so neither tool is left to guess what it is: ffmpeg is told the
// container the bytes were sniffed as (a playlist or concat file posing as a video would otherwise
// make it open other files or URLs) and may open local files only; sharp must find the sniffed format.

const run = promisify(execFile);
const POSTER_WIDTH = 640;

export type Poster = { posterPath: string; width: number | null; height: number | null };

/** ffmpeg's input options for an untrusted local file read as one container and nothing else. */
export function untrustedInput(file: string, demuxer: string): string[] {
  return ["-protocol_whitelist", "file", "-f", demuxer, "-i", `file:${file}`];
}

/**
 * Makes the poster of the output stored under `mediaKey` from a local copy of it (`source`), and
 * stores it beside the output. The still is drawn into a staging file, then moved into storage.
 */
export async function makePoster(source: string, mediaKey: string, mime: string): Promise<Poster> {
  if (!isOutputMime(mime)) throw new Error(`no poster for ${mime}`);
  const posterPath = path.posix.join(path.posix.dirname(mediaKey), `${path.posix.basename(mediaKey).split(".")[0]}.poster.jpg`);
  const target = await storage().stagingFile(posterPath);
  try {
    const poster = await drawPoster(source, target, mime);
    await storage().moveIn(posterPath, target, "image/jpeg");
    return { posterPath, ...poster };
  } finally {
    await fs.rm(target, { force: true });
  }
}

async function drawPoster(source: string, target: string, mime: string): Promise<Omit<Poster, "posterPath">> {
  if (!isOutputMime(mime)) throw new Error(`no poster for ${mime}`);
  const type = OUTPUT_TYPES[mime];
  if (type.demuxer === null) {
    const image = sharp(source, { limitInputPixels: 50_000_000 });
    const { width, height, format } = await image.metadata();
    if (format !== (type.extension === "jpg" ? "jpeg" : type.extension)) throw new Error(`the image is ${format}, not ${mime}`);
    await image.rotate().resize({ width: POSTER_WIDTH, withoutEnlargement: true }).jpeg({ quality: 78 }).toFile(target);
    return { width: width ?? null, height: height ?? null };
  }
  const frame = (seek: string) =>
    run(
      ffmpeg.path,
      [
        "-hide_banner",
        "-ss",
        seek,
        ...untrustedInput(source, type.demuxer),
        "-frames:v",
        "1",
        "-vf",
        `scale='min(${POSTER_WIDTH},iw)':-2`,
        "-q:v",
        "4",
        // The staging file's name says nothing about its format: one JPEG frame, said outright.
        "-f",
        "mjpeg",
        "-y",
        target,
      ],
      {
        timeout: 60_000,
      },
    );
  // ffmpeg describes the input on stderr; its video stream line carries the frame size.
  let described: { stderr: string };
  try {
    described = await frame("1");
  } catch {
    described = await frame("0");
  }
  const size = /Video: .*?, (\d{2,5})x(\d{2,5})/.exec(described.stderr);
  return { width: size ? Number(size[1]) : null, height: size ? Number(size[2]) : null };
}

/** Why a copied output cannot be shown: null when it is a real video (with a duration) or image. */
export async function unplayableReason(file: string, mime: string): Promise<string | null> {
  if (!isOutputMime(mime)) return `it is not a type Cutroom shows (${mime})`;
  const type = OUTPUT_TYPES[mime];
  if (type.demuxer === null) {
    try {
      const { width, height } = await sharp(file, { limitInputPixels: 50_000_000 }).metadata();
      return width && height ? null : "the image has no size";
    } catch {
      return "the image cannot be read";
    }
  }
  // ffmpeg with no output describes the input on stderr and exits 1; that description is the test.
  const described = await run(ffmpeg.path, ["-hide_banner", ...untrustedInput(file, type.demuxer)], { timeout: 60_000 }).then(
    (result) => result.stderr,
    (error: { stderr?: string }) => error.stderr ?? "",
  );
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(described);
  const seconds = duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : 0;
  if (!/Stream #.*Video:/.test(described)) return "the file holds no video stream";
  if (seconds <= 0) return "the video has no length";
  // A header can claim a length over no frames at all: decode the first one to be sure.
  const decoded = await run(ffmpeg.path, ["-hide_banner", ...untrustedInput(file, type.demuxer), "-frames:v", "1", "-f", "null", "-"], {
    timeout: 60_000,
  }).then(
    (result) => result.stderr,
    () => "",
  );
  return /frame=\s*1\b/.test(decoded) ? null : "no frame of the video can be decoded";
}
