import fs from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { request, sessionCookie, startApp, type AppFixture } from "../support/app";

// Hostile uploads, made here byte by byte: each is refused with a 4xx and leaves no row and no
// file, or is neutralised (re-encoded: no metadata, no trailing payload) and stored under a random
// name in DATA_DIR, outside public/. A 100 MB body is refused without being held in memory.

type Route = { POST: (request: Request) => Promise<Response> };

// --- PNG building blocks, from the spec (length, type, data, CRC-32).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return chunk("IHDR", ihdr);
}

/** A 40,000 x 40,000 PNG whose data is a few compressed rows: a decompression bomb's header. */
function pixelBomb(): Buffer {
  const row = Buffer.alloc(1 + 40_000 * 3);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngHeader(40_000, 40_000),
    chunk("IDAT", deflateSync(Buffer.concat([row, row]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A JPEG carrying EXIF with GPS and a comment, as a phone camera would. */
async function exifJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: "#336699" } })
    .jpeg()
    .withExif({ IFD0: { Make: "SpyCam", Model: "X1", ImageDescription: "<script>alert(1)</script>" }, IFD3: { GPSLatitudeRef: "N" } })
    .toBuffer();
}

describe("hostile uploads", () => {
  let app: AppFixture;
  let database: Db;
  let route: Route;
  let cookie: string;
  let png: Buffer;
  let jpeg: Buffer;

  const uploadsDir = () => path.join(app.dataDir, "uploads");
  const storedFiles = () => (fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()) : []);
  const rows = async () =>
    ((await database.execute("select count(*)::int as n from uploads")) as unknown as { rows: { n: number }[] }).rows[0]!.n;
  const send = (body: Buffer | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    route.POST(request("POST", "/api/uploads", { cookie, body: body as BodyInit, headers: { "x-file-name": "upload.png", ...headers } }));

  beforeAll(async () => {
    app = await startApp("pglite");
    database = await (await import("@/lib/server/db")).db();
    route = (await import("@/app/api/uploads/route")) as unknown as Route;
    const { createUser } = await import("@/lib/server/users/service");
    const user = await createUser(database, { name: "Hex", email: "hex@example.com", password: "hex password 1", role: "member" });
    cookie = await sessionCookie(user);
    png = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#aa0000" } })
      .png()
      .toBuffer();
    jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#00aa00" } })
      .jpeg()
      .toBuffer();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("refuses every file that is not a whole PNG, JPEG or WebP, writing nothing", async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .gif()
      .toBuffer();
    const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .tiff()
      .toBuffer();
    const avif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .avif()
      .toBuffer();
    // Each refusal as [status, what the file field (or the error) says].
    const NOT_AN_IMAGE = [415, "This file is not a PNG, JPEG or WebP image."] as const;
    const EMPTY = [422, "The file is empty."] as const;
    const DAMAGED = [422, "This image could not be read; it may be damaged."] as const;
    const INCOMPLETE = [422, "This image could not be read; it may be damaged or incomplete."] as const;
    const TOO_MANY_PIXELS = [422, "Images can be at most 16384 pixels on a side and 50 megapixels in all."] as const;
    const TOO_BIG = [413, "Images can be at most 10 MB."] as const;
    const corpus: [string, Buffer, readonly [number, string]][] = [
      ["empty file", Buffer.alloc(0), EMPTY],
      ["SVG with a script", Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), NOT_AN_IMAGE],
      [
        "SVG with an XML prolog",
        Buffer.from(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`),
        NOT_AN_IMAGE,
      ],
      [
        "HTML renamed to .png",
        Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"),
        NOT_AN_IMAGE,
      ],
      ["plain text", Buffer.from("just some text, not an image"), NOT_AN_IMAGE],
      ["JSON", Buffer.from(JSON.stringify({ image: "no" })), NOT_AN_IMAGE],
      ["PDF", Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"), NOT_AN_IMAGE],
      ["ZIP", Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Array(60).fill(0)]), NOT_AN_IMAGE],
      ["Windows executable", Buffer.from([0x4d, 0x5a, 0x90, 0x00, ...Array(120).fill(0)]), NOT_AN_IMAGE],
      ["GIF", gif, NOT_AN_IMAGE],
      ["TIFF", tiff, NOT_AN_IMAGE],
      ["AVIF", avif, NOT_AN_IMAGE],
      ["PNG magic over a JPEG body", Buffer.concat([PNG_SIGNATURE, jpeg.subarray(2)]), NOT_AN_IMAGE],
      ["JPEG magic over a PNG body", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), png.subarray(8)]), DAMAGED],
      ["truncated PNG", png.subarray(0, Math.floor(png.length / 2)), INCOMPLETE],
      ["truncated JPEG", jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), INCOMPLETE],
      ["PNG with only its header", Buffer.concat([PNG_SIGNATURE, pngHeader(32, 32)]), INCOMPLETE],
      ["40,000 x 40,000 pixel bomb", pixelBomb(), TOO_MANY_PIXELS],
      ["10 MB + 1 byte", Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024 + 1 - png.length)]), TOO_BIG],
    ];
    const before = { rows: await rows(), files: storedFiles().length };
    for (const [name, bytes, [status, message]] of corpus) {
      const response = await send(bytes);
      expect(response.status, name).toBe(status);
      const body = await response.json();
      // A clear message, on the file field where there is one.
      expect(body.error.fields?.file ?? body.error.message, name).toBe(message);
    }
    expect(await rows()).toBe(before.rows);
    expect(storedFiles()).toHaveLength(before.files);
  });

  it("neutralises what it accepts: re-encoded, no metadata, no trailing payload, a random name outside public/", async () => {
    const polyglot = Buffer.concat([png, Buffer.from("<html><script>alert(1)</script></html>")]);
    const textChunk = Buffer.concat([
      png.subarray(0, 33),
      chunk("tEXt", Buffer.from("Comment\0<script>alert(1)</script>")),
      png.subarray(33),
    ]);
    const accepted: [string, Buffer, string][] = [
      ["PNG with HTML appended (a polyglot)", polyglot, "image/png"],
      ["PNG with a tEXt chunk", textChunk, "image/png"],
      ["JPEG with EXIF and GPS", await exifJpeg(), "image/jpeg"],
    ];
    for (const [name, bytes, mime] of accepted) {
      const response = await send(bytes, { "x-file-name": encodeURIComponent("../../public/evil.html") });
      expect(response.status, name).toBe(201);
      const { upload } = await response.json();
      expect(upload.mime, name).toBe(mime);
      const [row] = (
        (await database.execute(`select storage_path from uploads where id = '${upload.id}'`)) as unknown as {
          rows: { storage_path: string }[];
        }
      ).rows;
      // Stored under its random id in DATA_DIR, whatever name it came with.
      expect(row!.storage_path, name).toMatch(new RegExp(`^uploads/${upload.id}\\.(png|jpg)$`));
      const stored = fs.readFileSync(path.join(app.dataDir, row!.storage_path));
      expect(stored.includes(Buffer.from("<script")), name).toBe(false);
      expect(stored.includes(Buffer.from("<html")), name).toBe(false);
      const meta = await sharp(stored).metadata();
      expect(meta.exif, name).toBeUndefined();
      expect(stored.includes(Buffer.from("SpyCam")), name).toBe(false);
    }
    expect(fs.existsSync(path.resolve("public/evil.html"))).toBe(false);
  });

  it("refuses a 100 MB body without holding it in memory", async () => {
    const mb = Buffer.alloc(1024 * 1024, 7);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 100) return controller.close();
        sent += 1;
        controller.enqueue(sent === 1 ? Buffer.concat([png, mb.subarray(png.length)]) : mb);
      },
    });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const response = await send(stream as unknown as Buffer);
    expect(response.status).toBe(413);
    // It stopped reading just past the limit: about 11 of the 100 MB were ever pulled.
    expect(sent).toBeLessThan(15);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });
});
