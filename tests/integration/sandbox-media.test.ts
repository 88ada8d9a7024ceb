import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clipSeconds, parseSampleFile, sampleBytes } from "@/lib/server/sandbox/media";
import { sniffOutputType } from "@/lib/server/storage/media-types";
import { APIDOT_TEST_KEY, startApidotSandbox, type ApidotSandboxFixture } from "../support/apidot-sandbox";
import { probeVideo } from "../support/probe-video";
import { SANDBOX_MEDIA_DIR, startSandbox, type SandboxFixture } from "../support/sandbox";
import { SKILLS_VIDEO_TEST_KEY, startSkillsVideoSandbox, type SkillsVideoSandboxFixture } from "../support/skills-video-sandbox";

// The media every sandbox serves: a clip of the shape and length a request asked for, made once
// and kept, and the output fault knob (`output: "tiny" | "missing"`) that breaks it, over HTTP and
// through the sandbox's own read (the path Cutroom takes for the sandboxes it hosts).

const scratch: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-clips-"));
  scratch.push(dir);
  return dir;
};

const sameBytes = (read: Buffer | "missing" | null, bytes: Buffer) => Buffer.isBuffer(read) && read.equals(bytes);

afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe("sample clips", () => {
  it("makes a clip of each shape and length once, however many ask for it at the same time", async () => {
    const cacheDir = tempDir();
    const file = { aspect: "portrait", extension: "mp4", seconds: 7 } as const;
    const clips = await Promise.all(Array.from({ length: 6 }, () => sampleBytes({ mediaDir: SANDBOX_MEDIA_DIR, cacheDir }, file)));
    expect(clips.every((clip) => clip.equals(clips[0]!))).toBe(true);
    const kept = fs.readdirSync(cacheDir);
    expect(kept).toEqual([expect.stringMatching(/^portrait-7s-[0-9a-f]{12}\.mp4$/)]);
    const stat = fs.statSync(path.join(cacheDir, kept[0]!));
    expect(await probeVideo(path.join(cacheDir, kept[0]!))).toMatchObject({ seconds: 7, width: 360, height: 640 });
    // Asked again, it is read from the cache folder, not made anew.
    expect((await sampleBytes({ mediaDir: SANDBOX_MEDIA_DIR, cacheDir }, file)).equals(clips[0]!)).toBe(true);
    expect(fs.statSync(path.join(cacheDir, kept[0]!)).ino).toBe(stat.ino);
    expect(fs.readdirSync(cacheDir)).toEqual(kept);
  });

  it("serves the sample itself for its own length, and names only the lengths it makes", async () => {
    const cacheDir = tempDir();
    const sample = fs.readFileSync(path.join(SANDBOX_MEDIA_DIR, "square.mp4"));
    expect(
      (await sampleBytes({ mediaDir: SANDBOX_MEDIA_DIR, cacheDir }, { aspect: "square", extension: "mp4", seconds: 5 })).equals(sample),
    ).toBe(true);
    expect(fs.readdirSync(cacheDir)).toEqual([]);
    expect(parseSampleFile("landscape-60s.mp4")).toEqual({ aspect: "landscape", extension: "mp4", seconds: 60 });
    expect(parseSampleFile("square.mp4")).toEqual({ aspect: "square", extension: "mp4", seconds: null });
    expect(parseSampleFile("square.png")).toEqual({ aspect: "square", extension: "png", seconds: null });
    for (const name of ["landscape-61s.mp4", "portrait-0s.mp4", "portrait-999s.mp4", "square-5s.png", "wide-5s.mp4", "portrait-5.mp4"]) {
      expect({ name, file: parseSampleFile(name) }).toEqual({ name, file: null });
    }
    // A request's length is bounded before any clip is named.
    expect([clipSeconds(600, 5), clipSeconds(0.2, 5), clipSeconds("12", 5), clipSeconds("abc", 8), clipSeconds(undefined, 4)]).toEqual([
      60, 1, 12, 8, 4,
    ]);
  });
});

describe("the output fault knob over HTTP", () => {
  let aivideomaker: SandboxFixture;
  let skillsVideo: SkillsVideoSandboxFixture;
  let apidot: ApidotSandboxFixture;
  let sandboxes: {
    name: string;
    url: string;
    sandbox: SandboxFixture["sandbox"] | SkillsVideoSandboxFixture["sandbox"] | ApidotSandboxFixture["sandbox"];
    auth: Record<string, string>;
    images: boolean;
  }[];

  beforeAll(async () => {
    aivideomaker = await startSandbox();
    skillsVideo = await startSkillsVideoSandbox();
    apidot = await startApidotSandbox();
    sandboxes = [
      { name: "aivideomaker", url: aivideomaker.url, sandbox: aivideomaker.sandbox, auth: { key: "sandbox-test-key" }, images: false },
      {
        name: "skills-video",
        url: skillsVideo.url,
        sandbox: skillsVideo.sandbox,
        auth: { authorization: `Bearer ${SKILLS_VIDEO_TEST_KEY}` },
        images: true,
      },
      { name: "apidot", url: apidot.url, sandbox: apidot.sandbox, auth: { authorization: `Bearer ${APIDOT_TEST_KEY}` }, images: true },
    ];
  });

  afterAll(async () => {
    await aivideomaker?.stop();
    await skillsVideo?.stop();
    await apidot?.stop();
  });

  const setFaults = (url: string, auth: Record<string, string>, faults: unknown) =>
    fetch(`${url}/_sandbox/faults`, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(faults),
    });

  it("serves the asked clip, a tiny file that sniffs as its type and does not play, or a 404, in every sandbox, and its own read agrees", async () => {
    const dir = tempDir();
    for (const { name, url, sandbox, auth, images } of sandboxes) {
      const video = `${url}/media/portrait-9s.mp4?task=t-1`;
      const image = `${url}/media/square.png?task=t-1`;

      const whole = await fetch(video);
      expect({ name, status: whole.status, type: whole.headers.get("content-type") }).toEqual({ name, status: 200, type: "video/mp4" });
      const bytes = Buffer.from(await whole.arrayBuffer());
      fs.writeFileSync(path.join(dir, `${name}.mp4`), bytes);
      expect(await probeVideo(path.join(dir, `${name}.mp4`))).toMatchObject({ seconds: 9, width: 360, height: 640 });
      expect(sameBytes(await sandbox.readMedia(video), bytes)).toBe(true);
      expect((await fetch(image)).status).toBe(images ? 200 : 404);

      expect((await setFaults(url, auth, { output: "tiny" })).status).toBe(200);
      const tiny = Buffer.from(await (await fetch(video)).arrayBuffer());
      expect({ name, length: tiny.length, type: await sniffOutputType(tiny) }).toEqual({ name, length: 320, type: "video/mp4" });
      expect(sameBytes(await sandbox.readMedia(video), tiny)).toBe(true);
      if (images) {
        const tinyImage = Buffer.from(await (await fetch(image)).arrayBuffer());
        expect({ name, length: tinyImage.length, type: await sniffOutputType(tinyImage) }).toEqual({ name, length: 24, type: "image/png" });
      }

      expect((await setFaults(url, auth, { output: "missing" })).status).toBe(200);
      const gone = await fetch(video);
      expect({ name, status: gone.status, type: gone.headers.get("content-type") }).toEqual({
        name,
        status: 404,
        type: expect.stringMatching(/^application\/json/),
      });
      expect(await sandbox.readMedia(video)).toBe("missing");
      // Not a media URL of this sandbox at all: that is another answer than a missing file.
      expect(await sandbox.readMedia(`${url}/media/portrait-90s.mp4`)).toBeNull();

      // The knob is checked like every other: an unknown value is refused and changes nothing.
      const refused = await setFaults(url, auth, { output: "corrupt" });
      expect({ name, status: refused.status }).toEqual({ name, status: 400 });
      expect(sandbox.faults.current).toEqual({ output: "missing" });

      expect((await setFaults(url, auth, {})).status).toBe(200);
      expect((await fetch(video)).status).toBe(200);
    }
  });
});
