import "server-only";
import fs from "node:fs";
import { Readable } from "node:stream";
import { AppError } from "../errors";

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

/** Serves a file from disk with HTTP Range support, so players can seek without downloading it all. */
export async function fileResponse(
  request: Request,
  file: { path: string; mime: string; filename: string; download: boolean; cacheControl?: string },
): Promise<Response> {
  let size: number;
  try {
    size = (await fs.promises.stat(file.path)).size;
  } catch {
    throw new AppError("NOT_FOUND", "That file is no longer stored.");
  }
  const headers = new Headers({
    "content-type": file.mime,
    "accept-ranges": "bytes",
    "cache-control": file.cacheControl ?? "private, max-age=3600",
    "x-content-type-options": "nosniff",
    "content-disposition": contentDisposition(file.download ? "attachment" : "inline", file.filename),
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
  const stream = Readable.toWeb(fs.createReadStream(file.path, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(stream, { status: range ? 206 : 200, headers });
}
