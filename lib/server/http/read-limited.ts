import "server-only";
import { AppError } from "../errors";

/**
 * Reads a request body into memory but never more than `limit` bytes: the declared length is checked
 * first, then the stream is cancelled as soon as it goes past the limit, so memory stays bounded
 * whatever the client sends.
 */
export async function readBodyWithLimit(request: Request, limit: number, tooLargeMessage: string): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit) throw new AppError("PAYLOAD_TOO_LARGE", tooLargeMessage);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("PAYLOAD_TOO_LARGE", tooLargeMessage);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
