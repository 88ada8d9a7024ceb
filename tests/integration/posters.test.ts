import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/server/env";
import { makePoster, untrustedInput } from "@/lib/server/storage/posters";

// Posters are made from files a provider sent. Neither ffmpeg nor sharp may decide for itself what
// such a file is: a playlist posing as a video makes ffmpeg open whatever it lists.

const run = promisify(execFile);
const fixture = (name: string) => fs.readFileSync(path.resolve(__dirname, "../..", name));
const MP4 = fixture("public/sandbox/media/portrait.mp4");
const PNG = fixture("tests/fixtures/images/portrait.png");
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="red"/></svg>';

describe("posters of untrusted media", () => {
  let dataDir: string;
  let server: http.Server;
  let requests = 0;
  const previous = process.env.DATA_DIR;
  const store = (name: string, bytes: Buffer | string) => {
    fs.mkdirSync(path.join(dataDir, "media"), { recursive: true });
    fs.writeFileSync(path.join(dataDir, "media", name), bytes);
    return `media/${name}`;
  };
  /** The poster of a stored key, drawn from its file on disk as the archiver does. */
  const poster = (key: string, mime: string) => makePoster(path.join(dataDir, key), key, mime);
  /** An HLS playlist whose one segment is on the (loopback) test server. */
  const playlist = () => {
    const { port } = server.address() as net.AddressInfo;
    return `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nhttp://127.0.0.1:${port}/segment.ts\n#EXT-X-ENDLIST\n`;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-posters-"));
    process.env.DATA_DIR = dataDir;
    resetEnvForTests();
    server = http.createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { "content-type": "video/mp2t" }).end(MP4);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previous;
    resetEnvForTests();
  });

  it("makes a still of a video and of an image", async () => {
    const video = await poster(store("video.mp4", MP4), "video/mp4");
    expect(video).toEqual({ posterPath: "media/video.poster.jpg", width: 360, height: 640 });
    const image = await poster(store("image.png", PNG), "image/png");
    expect(image.posterPath).toBe("media/image.poster.jpg");
    expect(fs.statSync(path.join(dataDir, image.posterPath)).size).toBeGreaterThan(0);
  });

  it("reads a video only as the container it was sniffed as", async () => {
    // ffmpeg left to guess would read this PNG (or a playlist) and make a still of it.
    await expect(poster(store("picture.mp4", PNG), "video/mp4")).rejects.toThrow(/moov atom not found|Invalid data/);
    await expect(poster(store("playlist.mp4", playlist()), "video/mp4")).rejects.toThrow(/moov atom not found|Invalid data/);
    expect(requests).toBe(0);
  });

  it("lets ffmpeg open local files only, whatever container it reads", async () => {
    // A concat list told to take any name opens every URL it lists, unless the protocols are limited.
    const { port } = server.address() as net.AddressInfo;
    const list = path.join(dataDir, store("list.txt", `ffconcat version 1.0\nfile http://127.0.0.1:${port}/segment.mp4\n`));
    const outcome = await run(
      ffmpeg.path,
      ["-hide_banner", "-safe", "0", ...untrustedInput(list, "concat"), "-frames:v", "1", "-f", "null", "-"],
      { timeout: 30_000 },
    ).catch((error: { stderr: string }) => error);
    expect(outcome.stderr).toMatch(/not on whitelist 'file'/);
    expect(requests).toBe(0);
  });

  it("reads an image only as the format it was sniffed as", async () => {
    await expect(poster(store("vector.png", SVG), "image/png")).rejects.toThrow("the image is svg, not image/png");
  });
});
