import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  paginateListObjectsV2,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { checkKey, type StorageArea, type StorageBackend, type StoredEntry } from "./backend";
import { PRIVATE_FILE_MODE } from "./private-files";
import { s3Settings } from "./s3-settings";

// Files in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Backblaze B2...) through the
// official SDK. Objects are private: the browser gets them through Cutroom (GET /api/media/:id,
// with the same access checks and Range), or, when S3_PUBLIC_REDIRECT allows it, by a presigned
// link valid for a few minutes, handed out only after those checks. Large files go up as a
// multipart upload read from disk, a few parts in memory at a time; an object appears only once
// complete, so a reader never sees half a file.

type Settings = ReturnType<typeof s3Settings>;

const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404)
  );
}

/** A missing object reads like a missing file, so callers handle both backends the same way. */
function notStored(key: string, cause: unknown): NodeJS.ErrnoException {
  return Object.assign(new Error(`nothing is stored under ${key}`, { cause }), { code: "ENOENT" });
}

export function createS3Backend(settings: Settings = s3Settings()): StorageBackend & { client: S3Client } {
  const client = new S3Client({
    region: settings.S3_REGION,
    endpoint: settings.S3_ENDPOINT,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE,
    credentials:
      settings.S3_ACCESS_KEY_ID && settings.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: settings.S3_ACCESS_KEY_ID, secretAccessKey: settings.S3_SECRET_ACCESS_KEY }
        : undefined,
    // The SDK retries throttling and 5xx answers with backoff itself; a bucket that does not answer
    // at all fails the call, and the caller's own schedule (the archive's retries) takes over.
    maxAttempts: 3,
    // Services other than AWS (older MinIO, B2, some R2 set-ups) reject the SDK's default CRC32
    // checksums on every upload; with an endpoint set, checksums are sent only where S3 requires them.
    ...(settings.S3_ENDPOINT ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } : {}),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  const Bucket = settings.S3_BUCKET;
  const objectKey = (key: string) => `${settings.S3_PREFIX}${checkKey(key)}`;

  async function openRead(key: string, range?: { start: number; end: number }): Promise<Readable> {
    try {
      const answer = await client.send(
        new GetObjectCommand({ Bucket, Key: objectKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return answer.Body as Readable;
    } catch (error) {
      throw isMissing(error) ? notStored(key, error) : error;
    }
  }

  async function putStream(key: string, body: Readable, mime: string): Promise<void> {
    const upload = new Upload({
      client,
      params: { Bucket, Key: objectKey(key), Body: body, ContentType: mime },
      partSize: PART_BYTES,
      queueSize: PARTS_IN_FLIGHT,
      // A failed multipart upload is aborted, so the bucket keeps no orphan parts to pay for.
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async function* list(area: StorageArea): AsyncIterable<StoredEntry> {
    const Prefix = `${settings.S3_PREFIX}${area}/`;
    for await (const page of paginateListObjectsV2({ client }, { Bucket, Prefix })) {
      for (const item of page.Contents ?? []) {
        if (!item.Key) continue;
        yield { key: item.Key.slice(settings.S3_PREFIX.length), size: item.Size ?? 0, modifiedMs: item.LastModified?.getTime() ?? 0 };
      }
    }
  }

  return {
    kind: "s3",
    client,
    putBytes: async (key, bytes, mime) => {
      await client.send(new PutObjectCommand({ Bucket, Key: objectKey(key), Body: bytes, ContentType: mime }));
    },
    putStream,
    // Outside DATA_DIR's areas: with a bucket, the disk holds only files on their way in.
    stagingFile: async (key) => path.join(tmpdir(), `cutroom-${randomUUID()}-${path.basename(checkKey(key))}.part`),
    moveIn: async (key, staged, mime) => {
      try {
        await putStream(key, fs.createReadStream(staged), mime);
      } finally {
        await fsp.rm(staged, { force: true });
      }
    },
    readBytes: async (key) => {
      const chunks: Buffer[] = [];
      for await (const chunk of await openRead(key)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    size: async (key) => {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(key) }));
        return head.ContentLength ?? 0;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    openRead,
    remove: async (key) => {
      // Deleting a key that is not there succeeds in S3, which is what "already gone is fine" needs.
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },
    list,
    withLocalFile: async (key, work) => {
      const file = path.join(tmpdir(), `cutroom-${randomUUID()}-${path.basename(key)}`);
      try {
        await pipeline(await openRead(key), fs.createWriteStream(file, { mode: PRIVATE_FILE_MODE }));
        return await work(file);
      } finally {
        await fsp.rm(file, { force: true });
      }
    },
    presignedUrl: async (key, { mime, disposition }) => {
      if (!settings.S3_PUBLIC_REDIRECT) return null;
      const command = new GetObjectCommand({
        Bucket,
        Key: objectKey(key),
        ResponseContentType: mime,
        ResponseContentDisposition: disposition,
        ResponseCacheControl: "private, no-store",
      });
      return getSignedUrl(client, command, { expiresIn: settings.S3_PRESIGN_SECONDS });
    },
  };
}
