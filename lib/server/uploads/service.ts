import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { imageSize } from "image-size";
import { and, eq, or, sql } from "drizzle-orm";
import type { Db } from "../db";
import { uploads, type Upload } from "../db/schema";
import { AppError, validationFailed } from "../errors";
import { readStoredFile, removeStoredFile, writeFileAtomically } from "../storage/files";
import type { ResolvedImage } from "../providers/types";
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from "@/lib/shared/validation";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_SIDE = 16_384;
const MAX_PIXELS = 50_000_000;

const EXTENSIONS = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" } as const;
type ImageMime = keyof typeof EXTENSIONS;

export type UploadView = { id: string; mime: string; bytes: number; width: number; height: number; name: string | null };

export function toUploadView(upload: Upload): UploadView {
  return { id: upload.id, mime: upload.mime, bytes: upload.bytes, width: upload.width, height: upload.height, name: upload.originalName };
}

const NAME_MAX = 200;

/**
 * The file's original name, from the `x-file-name` header the browser percent-encodes (it is only
 * shown back to its owner). Malformed encoding or control characters (a NUL made the insert fail:
 * a 500) are refused with a 422; a long name is cut to 200 characters.
 */
export function originalNameFrom(header: string | null): string | null {
  if (header === null || header.trim() === "") return null;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw validationFailed({ "x-file-name": "The file name must be percent-encoded UTF-8 (encodeURIComponent)." });
  }
  if (hasControlCharacters(name)) throw validationFailed({ "x-file-name": CONTROL_CHARACTERS_MESSAGE });
  return Array.from(name.trim()).slice(0, NAME_MAX).join("") || null;
}

/** Checks an image by its bytes, never its name or declared type; returns what it really is. */
export async function inspectImage(bytes: Buffer): Promise<{ mime: ImageMime; width: number; height: number }> {
  if (bytes.length === 0) throw new AppError("VALIDATION_FAILED", "The file is empty.", { fields: { file: "The file is empty." } });
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !(type.mime in EXTENSIONS)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Only PNG, JPEG or WebP images can be used.", {
      fields: { file: "This file is not a PNG, JPEG or WebP image." },
    });
  }
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    size = {};
  }
  if (!size.width || !size.height) {
    throw new AppError("VALIDATION_FAILED", "This image could not be read.", {
      fields: { file: "This image could not be read; it may be damaged." },
    });
  }
  if (size.width > MAX_SIDE || size.height > MAX_SIDE || size.width * size.height > MAX_PIXELS) {
    throw new AppError("VALIDATION_FAILED", "This image is too large.", {
      fields: { file: `Images can be at most ${MAX_SIDE} pixels on a side and 50 megapixels in all.` },
    });
  }
  return { mime: type.mime as ImageMime, width: size.width, height: size.height };
}

/**
 * Decodes the whole image and encodes it again in its own format: a truncated or malformed file
 * fails here, and what is stored carries no metadata (EXIF, GPS, ICC text) and no trailing payload.
 */
export async function reencodeImage(bytes: Buffer, mime: ImageMime): Promise<{ bytes: Buffer; width: number; height: number }> {
  try {
    const pipeline = sharp(bytes, { failOn: "truncated", limitInputPixels: MAX_PIXELS }).rotate();
    const encoded =
      mime === "image/png"
        ? pipeline.png({ compressionLevel: 8 })
        : mime === "image/jpeg"
          ? pipeline.jpeg({ quality: 90, mozjpeg: true })
          : pipeline.webp({ quality: 90 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch {
    throw new AppError("VALIDATION_FAILED", "This image could not be read.", {
      fields: { file: "This image could not be read; it may be damaged or incomplete." },
    });
  }
}

export async function saveUpload(db: Db, ownerId: string, received: Buffer, originalName: string | null): Promise<Upload> {
  const inspected = await inspectImage(received);
  const image = { mime: inspected.mime, ...(await reencodeImage(received, inspected.mime)) };
  const bytes = image.bytes;
  const id = randomUUID();
  const storagePath = await writeFileAtomically("uploads", `${id}.${EXTENSIONS[image.mime]}`, bytes, image.mime);
  try {
    const [row] = await db
      .insert(uploads)
      .values({
        id,
        ownerId,
        mime: image.mime,
        bytes: bytes.length,
        width: image.width,
        height: image.height,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        storagePath,
        originalName,
      })
      .returning();
    return row!;
  } catch (error) {
    // Without its row the file is nobody's: a failed upload leaves nothing behind. (A crash between
    // the two steps leaves a file that the orphan sweep removes.)
    await removeStoredFile(storagePath);
    throw error;
  }
}

/**
 * An upload this user may use as an input: their own, or one a task already used (tasks are shared
 * with the team, their input images included, so re-running a teammate's task works).
 */
export async function findUsableUpload(db: Db, userId: string, id: string): Promise<Upload | undefined> {
  const [row] = await db
    .select()
    .from(uploads)
    .where(
      and(
        eq(uploads.id, id),
        or(eq(uploads.ownerId, userId), sql`exists (select 1 from tasks where tasks.input_upload_ids @> array[${id}]::text[])`),
      ),
    );
  return row;
}

export async function findUpload(db: Db, id: string): Promise<Upload | undefined> {
  const [row] = await db.select().from(uploads).where(eq(uploads.id, id));
  return row;
}

export async function resolveUpload(upload: Upload): Promise<ResolvedImage> {
  return { mime: upload.mime, bytes: await readStoredFile(upload.storagePath) };
}
