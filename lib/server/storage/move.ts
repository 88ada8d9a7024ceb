import "server-only";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { STORAGE_AREAS, type StorageBackend } from "./backend";
import { hashingStream } from "./hashing";

// Moves every stored file from one backend to the other (local disk to a bucket, or back), for an
// install changing STORAGE. Keys stay the same, so no row changes. Each file is streamed across
// through a SHA-256 hash, read back from the destination and hashed again; only when both agree is
// the source removed. A file already at the destination with the same bytes is not sent again, so
// an interrupted move is resumed by running it again. `.part` files (writes in flight, or left by
// a crash for the orphan sweep) are not moved.

export type MoveOutcome = "moved" | "already-there" | "failed";
export type MoveReport = { moved: number; alreadyThere: number; failed: { key: string; reason: string }[]; bytes: number };

const MIME_BY_EXTENSION: Record<string, string> = {
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  png: "image/png",
  jpg: "image/jpeg",
  webp: "image/webp",
};
const mimeOf = (key: string) => MIME_BY_EXTENSION[key.split(".").pop() ?? ""] ?? "application/octet-stream";

async function hashOf(body: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function moveOne(from: StorageBackend, to: StorageBackend, key: string, size: number): Promise<MoveOutcome> {
  if ((await to.size(key)) === size) {
    const [source, copy] = await Promise.all([hashOf(await from.openRead(key)), hashOf(await to.openRead(key))]);
    if (source === copy) {
      await from.remove(key);
      return "already-there";
    }
  }
  const { stream, result } = hashingStream();
  const body = await from.openRead(key);
  body.on("error", (error) => stream.destroy(error));
  await to.putStream(key, body.pipe(stream), mimeOf(key));
  const sent = result().sha256;
  const received = await hashOf(await to.openRead(key));
  if (received !== sent) {
    await to.remove(key);
    throw new Error(`the copy's SHA-256 (${received.slice(0, 12)}...) is not the file's (${sent.slice(0, 12)}...)`);
  }
  await from.remove(key);
  return "moved";
}

export async function moveStoredFiles(
  from: StorageBackend,
  to: StorageBackend,
  onFile: (key: string, outcome: MoveOutcome, detail: string) => void = () => {},
): Promise<MoveReport> {
  const report: MoveReport = { moved: 0, alreadyThere: 0, failed: [], bytes: 0 };
  for (const area of STORAGE_AREAS) {
    // Listed first, then moved: removing sources while a bucket listing is paged would skip entries.
    const entries = [];
    for await (const entry of from.list(area)) if (!entry.key.endsWith(".part")) entries.push(entry);
    for (const { key, size } of entries) {
      try {
        const outcome = await moveOne(from, to, key, size);
        if (outcome === "moved") {
          report.moved += 1;
          report.bytes += size;
        } else report.alreadyThere += 1;
        onFile(key, outcome, `${size} bytes`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        report.failed.push({ key, reason });
        onFile(key, "failed", reason);
      }
    }
  }
  return report;
}
