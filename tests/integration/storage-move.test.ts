import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/server/env";
import type { StorageBackend } from "@/lib/server/storage/backend";
import { localBackend } from "@/lib/server/storage/local-backend";
import { moveStoredFiles } from "@/lib/server/storage/move";
import { createS3Backend } from "@/lib/server/storage/s3-backend";
import { s3Settings } from "@/lib/server/storage/s3-settings";
import { startS3Server, type S3ServerFixture } from "../support/s3-server";

// `npm run storage:move`: every stored file goes from DATA_DIR to the bucket (and back) with the
// same key and the same bytes, checked by SHA-256; the source goes only once the copy is checked;
// a run that is interrupted is resumed by running it again (what is there already is not sent
// twice, a partial or wrong copy is sent again); files being written (`.part`) stay where they are.

const run = promisify(execFile);

describe("moving stored files between local storage and a bucket", () => {
  let s3: S3ServerFixture;
  let bucket: StorageBackend & { client: { destroy: () => void } };
  let dataDir: string;
  const saved = { ...process.env };
  const files = new Map<string, Buffer>();

  const onDisk = (key: string) => path.join(dataDir, key);
  const keysIn = async (backend: StorageBackend) => {
    const keys: string[] = [];
    for (const area of ["uploads", "media"] as const) for await (const entry of backend.list(area)) keys.push(entry.key);
    return keys.sort();
  };

  beforeAll(async () => {
    s3 = await startS3Server("cutroom-move");
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-move-"));
    Object.assign(process.env, s3.env, { DATA_DIR: dataDir, STORAGE: "local" });
    resetEnvForTests();
    bucket = createS3Backend(s3Settings());
    const task = randomUUID();
    for (const [key, size] of [
      [`uploads/${randomUUID()}.png`, 2_000],
      [`media/${task}.mp4`, 9 * 1024 * 1024],
      [`media/${task}.poster.jpg`, 30_000],
    ] as const) {
      files.set(key, randomBytes(size));
      await localBackend.putBytes(key, files.get(key)!, "application/octet-stream");
    }
  });

  afterAll(async () => {
    bucket?.client.destroy();
    await s3?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.env = saved;
    resetEnvForTests();
  });

  it("moves every file to the bucket byte for byte, resuming what an earlier run left, and leaves writes in flight", async () => {
    const [upload, video] = [...files.keys()] as [string, string, string];
    // An earlier run that stopped: the upload is in the bucket already, the video only half sent.
    await bucket.putBytes(upload, files.get(upload)!, "image/png");
    await bucket.putBytes(video, files.get(video)!.subarray(0, 1024), "video/mp4");
    const inFlight = `media/${randomUUID()}.mp4.${randomUUID()}.part`;
    fs.writeFileSync(onDisk(inFlight), "still downloading");

    const seen: string[] = [];
    const report = await moveStoredFiles(localBackend, bucket, (key, outcome) => seen.push(`${outcome} ${key}`));
    expect(report).toMatchObject({ moved: 2, alreadyThere: 1, failed: [] });
    expect(seen).toContain(`already-there ${upload}`);
    expect(seen).toContain(`moved ${video}`);
    expect(await keysIn(bucket)).toEqual([...files.keys()].sort());
    for (const [key, bytes] of files) {
      expect((await bucket.readBytes(key)).equals(bytes), key).toBe(true);
      expect(fs.existsSync(onDisk(key)), key).toBe(false);
    }
    expect(await keysIn(localBackend)).toEqual([inFlight]);
    fs.rmSync(onDisk(inFlight));
  });

  it("brings them back with the command, and a second run finds nothing left to move", async () => {
    const env = { ...process.env, LOG_LEVEL: "silent" };
    const moveBack = () => run("npx", ["tsx", "--conditions=react-server", "scripts/storage-move.mts", "--to", "local"], { env });
    const first = await moveBack();
    expect(first.stdout).toMatch(/Moved 3 file\(s\), \d+ bytes; 0 already there; 0 failed\. Set STORAGE=local and restart\./);
    for (const [key, bytes] of files) expect(fs.readFileSync(onDisk(key)).equals(bytes), key).toBe(true);
    expect(await keysIn(bucket)).toEqual([]);
    const second = await moveBack();
    expect(second.stdout).toMatch(/Moved 0 file\(s\), 0 bytes; 0 already there; 0 failed\./);

    const refused = await run("npx", ["tsx", "--conditions=react-server", "scripts/storage-move.mts"], { env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining("--to s3") });
  });
});
