import { execFile } from "node:child_process";
import { promisify } from "node:util";
import ffmpeg from "@ffmpeg-installer/ffmpeg";

// What a video file is, as ffmpeg reads it (the same reading lib/server/storage/posters.ts relies
// on): its length and frame size, from the description ffmpeg writes to stderr for an input.

const run = promisify(execFile);

export type ProbedVideo = { seconds: number; width: number; height: number };

export async function probeVideo(file: string): Promise<ProbedVideo> {
  const described = await run(ffmpeg.path, ["-hide_banner", "-protocol_whitelist", "file", "-i", `file:${file}`]).then(
    (result) => result.stderr,
    (error: { stderr?: string }) => error.stderr ?? "",
  );
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(described);
  const size = /Video: .*?, (\d{2,5})x(\d{2,5})/.exec(described);
  if (!duration || !size) throw new Error(`ffmpeg found no video in ${file}:\n${described}`);
  return {
    seconds: Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]),
    width: Number(size[1]),
    height: Number(size[2]),
  };
}
