import { afterEach, describe, expect, it } from "vitest";
import { configureEnv as configure } from "@/tests/support/env";
import { assertSameOrigin } from "./origin";

/** A POST as a browser sends it to Cutroom behind a proxy on 127.0.0.1:3000. */
const post = (origin: string, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1:3000/api/tasks", { method: "POST", headers: { host: "127.0.0.1:3000", origin, ...headers } });

describe("the same-origin check", () => {
  afterEach(() => configure({ TRUST_PROXY: undefined, APP_PUBLIC_URL: undefined }));

  it("refuses an Origin that only a spoofed X-Forwarded-Host vouches for, when no proxy is trusted", () => {
    configure({ TRUST_PROXY: undefined });
    expect(() => assertSameOrigin(post("https://evil.example", { "x-forwarded-host": "evil.example" }))).toThrow(/Cross-site/);
    expect(() => assertSameOrigin(post("http://127.0.0.1:3000"))).not.toThrow();
  });

  it("accepts the host a trusted proxy forwards, and only that", () => {
    configure({ TRUST_PROXY: "1" });
    expect(() => assertSameOrigin(post("https://cutroom.example.com", { "x-forwarded-host": "cutroom.example.com" }))).not.toThrow();
    expect(() => assertSameOrigin(post("https://evil.example", { "x-forwarded-host": "cutroom.example.com" }))).toThrow(/Cross-site/);
  });

  it("accepts APP_PUBLIC_URL's host without any proxy header", () => {
    configure({ APP_PUBLIC_URL: "https://cutroom.example.com" });
    expect(() => assertSameOrigin(post("https://cutroom.example.com"))).not.toThrow();
    expect(() => assertSameOrigin(post("https://evil.example"))).toThrow(/Cross-site/);
  });
});
