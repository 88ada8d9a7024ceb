import { afterEach, describe, expect, it } from "vitest";
import { configureEnv } from "@/tests/support/env";
import { clientIp, requestHost, requestOrigin, requestProtocol } from "./client-info";

const withTrustProxy = (value: string | undefined) => configureEnv({ TRUST_PROXY: value });

const behindProxy = (headers: Record<string, string>) =>
  new Request("http://127.0.0.1:3000/api/tasks", { headers: { host: "127.0.0.1:3000", ...headers } });

describe("what the client addressed, and from where", () => {
  afterEach(() => withTrustProxy(undefined));

  it("ignores forwarded headers unless TRUST_PROXY says a proxy sets them", () => {
    withTrustProxy(undefined);
    const request = behindProxy({ "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.9" });
    expect(requestHost(request)).toBe("127.0.0.1:3000");
    expect(requestProtocol(request)).toBe("http");
    expect(requestOrigin(request)).toBe("http://127.0.0.1:3000");
    // Next.js's own x-forwarded-for is the client's if it sent one: no address can be trusted.
    expect(clientIp(request)).toBeNull();
    withTrustProxy("false");
    expect(requestHost(request)).toBe("127.0.0.1:3000");
  });

  it("believes the nearest proxy when trusted", () => {
    withTrustProxy("true");
    const request = behindProxy({
      "x-forwarded-host": "Cutroom.Example.com",
      "x-forwarded-proto": "https",
      // The client wrote the first entry itself; the proxy appended the address it saw.
      "x-forwarded-for": "10.9.9.9, 203.0.113.7",
    });
    expect(requestHost(request)).toBe("cutroom.example.com");
    expect(requestOrigin(request)).toBe("https://cutroom.example.com");
    expect(clientIp(request)).toBe("203.0.113.7");
    expect(requestHost(behindProxy({}))).toBe("127.0.0.1:3000");
  });

  it("counts hops from the right with several trusted proxies", () => {
    withTrustProxy("2");
    expect(clientIp(behindProxy({ "x-forwarded-for": "10.9.9.9, 203.0.113.7, 192.0.2.1" }))).toBe("203.0.113.7");
    expect(clientIp(behindProxy({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientIp(behindProxy({ "x-forwarded-for": "[2001:DB8::1]:443, 192.0.2.1" }))).toBe("2001:db8::1");
    expect(clientIp(behindProxy({ "x-forwarded-for": "not-an-ip, 192.0.2.1" }))).toBeNull();
    expect(clientIp(behindProxy({}))).toBeNull();
  });

  it("refuses a TRUST_PROXY it cannot read, naming it", async () => {
    const { env } = await import("../env");
    withTrustProxy("maybe");
    expect(() => env()).toThrow(/TRUST_PROXY: must be false, true, or how many reverse proxies/);
    withTrustProxy("11");
    expect(() => env()).toThrow(/TRUST_PROXY/);
    withTrustProxy("on");
    expect(env().TRUST_PROXY).toBe(1);
  });
});
