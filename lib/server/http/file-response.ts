import "server-only";
import { Readable } from "node:stream";
import { AppError } from "../errors";
import { storage } from "../storage/files";

/** Parses a single-range `Range: bytes=a-b` header against a size; null when absent or multi-range. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | "unsatisfiable" {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from, to] = match;
  if (from === "" && to === "") return null;
  let start: number;
  let end: number;
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

export function contentDisposition(kind: "inline" | "attachment", filename: string): string {
  const ascii = filename.replace(/[^\w.-]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Serves a stored file with HTTP Range support, so players can seek without downloading it all.
 * With `redirect` and a bucket that allows it (S3_PUBLIC_REDIRECT), the answer is instead a
 * redirect to a presigned link of a few minutes, so large videos do not pass through Cutroom; the
 * caller has made the same access checks either way. Small files (posters, input images) and links
 * for providers (which may not follow a redirect) are always served here.
 */
export async function fileResponse(
  request: Request,
  file: { key: string; mime: string; filename: string; download: boolean; cacheControl?: string; redirect?: boolean },
): Promise<Response> {
  const stored = storage();
  const disposition = contentDisposition(file.download ? "attachment" : "inline", file.filename);
  if (file.redirect && stored.presignedUrl) {
    const url = await stored.presignedUrl(file.key, { mime: file.mime, disposition });
    if (url) return new Response(null, { status: 302, headers: { location: url, "cache-control": "private, no-store" } });
  }
  const size = await stored.size(file.key);
  if (size === null) throw new AppError("NOT_FOUND", "That file is no longer stored.");
  const headers = new Headers({
    "content-type": file.mime,
    "accept-ranges": "bytes",
    "cache-control": file.cacheControl ?? "private, max-age=3600",
    "x-content-type-options": "nosniff",
    "content-disposition": disposition,
  });
  const range = parseRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  headers.set("content-length", String(size === 0 ? 0 : end - start + 1));
  if (range) headers.set("content-range", `bytes ${start}-${end}/${size}`);
  if (request.method === "HEAD" || size === 0) return new Response(null, { status: range ? 206 : 200, headers });
  const body = await stored.openRead(file.key, { start, end }).catch((error: unknown) => {
    throw new AppError("NOT_FOUND", "That file is no longer stored.", { cause: error });
  });
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status: range ? 206 : 200, headers });
}
