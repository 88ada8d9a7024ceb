import "server-only";
import { createHash } from "node:crypto";
import { Transform } from "node:stream";

/** A pass-through that counts and hashes (SHA-256) what flows through it, for copies that are checked. */
export function hashingStream(): { stream: Transform; result: () => { bytes: number; sha256: string } } {
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { stream, result: () => ({ bytes, sha256: hash.digest("hex") }) };
}
