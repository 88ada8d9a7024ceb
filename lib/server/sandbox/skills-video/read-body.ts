import "server-only";
import { fileTypeFromBuffer } from "file-type";
import type { Context } from "hono";
import { holdsNul } from "../storable";
import { fail } from "./wire";

const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];

/**
 * A create body as fields, from JSON or multipart; uploaded images (PNG, JPEG or WebP by their
 * bytes) stand in as `upload:<name>`. `fromText` says every value came as text (multipart).
 */
export async function readCreateBody(c: Context): Promise<{ body: Record<string, unknown>; fromText: boolean } | Response> {
  const read = await readFields(c);
  if (!(read instanceof Response) && holdsNul(read.body))
    return fail(c, 400, "INVALID_INPUT", "The request body must not contain NUL characters.");
  return read;
}

async function readFields(c: Context): Promise<{ body: Record<string, unknown>; fromText: boolean } | Response> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await c.req.parseBody({ all: true });
    const body: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(form)) {
      const items = Array.isArray(value) ? value : [value];
      const read: unknown[] = [];
      for (const item of items) {
        if (typeof item === "string") {
          read.push(item);
          continue;
        }
        const sniffed = await fileTypeFromBuffer(Buffer.from(await item.arrayBuffer()));
        if (!sniffed || !IMAGE_TYPES.includes(sniffed.mime)) {
          return fail(c, 422, "INVALID_INPUT", `${name} must be a PNG, JPEG or WebP image.`, {
            errors: [{ field: name, message: "Not an image" }],
          });
        }
        read.push(`upload:${item.name || name}`);
      }
      body[name] = Array.isArray(value) ? read : read[0];
    }
    return { body, fromText: true };
  }
  try {
    const parsed: unknown = JSON.parse(await c.req.text());
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return { body: parsed as Record<string, unknown>, fromText: false };
  } catch {
    // answered below
  }
  return fail(c, 400, "INVALID_INPUT", "The request body must be a JSON object or multipart form.");
}
