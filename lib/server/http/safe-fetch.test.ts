import { describe, expect, it } from "vitest";
import { parsePrivateAllowList } from "./address-policy";
import { FetchRefused, safeGet } from "./safe-fetch";

// Refusals that happen before any connection. Every URL here points at loopback port 9, where
// nothing listens, so even a broken defence sends nothing anywhere; the other ranges (metadata,
// private networks) are checked without any network in address-policy.test.ts. Fetches over real
// sockets are in tests/integration/provider-output.db.test.ts.

const options = {
  allow: parsePrivateAllowList(""),
  limits: { headersTimeoutMs: 1000, idleTimeoutMs: 1000, maxBytes: 1024, maxRedirects: 5 },
};

describe("URLs the output fetcher refuses before connecting", () => {
  it.each([
    ["file:///etc/passwd", "only http and https addresses are fetched"],
    ["ftp://127.0.0.1:9/video.mp4", "only http and https addresses are fetched"],
    ["gopher://127.0.0.1:9/", "only http and https addresses are fetched"],
    ["data:video/mp4;base64,AAAA", "only http and https addresses are fetched"],
    ["http://user:secret@127.0.0.1:9/video.mp4", "the address carries credentials"],
    ["not a url", "the address is not a valid URL"],
    ["http://127.0.0.1:9/video.mp4", "the output's address is a loopback address"],
    ["http://2130706433:9/", "the output's address is a loopback address"],
    ["http://0x7f.1:9/", "the output's address is a loopback address"],
    ["http://[::1]:9/", "the output's address is a loopback address"],
    ["http://[::ffff:127.0.0.1]:9/", "the output's address is a loopback address"],
    ["http://0.0.0.0:9/", "the output's address is an unspecified address"],
    ["http://[::]:9/", "the output's address is an unspecified address"],
    ["http://localhost:9/", "the output's host resolves to a loopback address"],
  ])("%s", async (url, reason) => {
    const refusal = await safeGet(url, options).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(FetchRefused);
    expect((refusal as Error).message).toBe(reason);
  });
});
