import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { configureEnv } from "@/tests/support/env";
import { AppError } from "../errors";
import { handle } from "./respond";
import { strictTransportSecurity } from "./transport-security";

const publicUrl = (value: string | undefined) => configureEnv({ APP_PUBLIC_URL: value });

const ok = handle(async () => Response.json({ ok: true }));
const failing = handle(async () => {
  throw new AppError("NOT_FOUND", "Nothing here.");
});
// A fetched answer passed on as it is: its headers cannot be changed in place.
const immutable = handle(async () => Response.redirect("https://cutroom.example.com/generate", 303));

describe("Strict-Transport-Security", () => {
  afterEach(() => publicUrl(undefined));

  it("is sent only when Cutroom's public URL is https", () => {
    expect(strictTransportSecurity("https://cutroom.example.com")).toBe("max-age=31536000; includeSubDomains");
    expect(strictTransportSecurity("http://cutroom.example.com")).toBeNull();
    expect(strictTransportSecurity(undefined)).toBeNull();
  });

  it("is on every API answer over https, errors included, and on none over http", async () => {
    publicUrl("https://cutroom.example.com");
    for (const [route, status] of [
      [ok, 200],
      [failing, 404],
      [immutable, 303],
    ] as const) {
      const response = await route(new Request("https://cutroom.example.com/api/x"), {});
      expect(response.status).toBe(status);
      expect(response.headers.get("strict-transport-security"), String(response.status)).toBe("max-age=31536000; includeSubDomains");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    publicUrl("http://cutroom.example.com");
    expect((await ok(new Request("http://cutroom.example.com/api/x"), {})).headers.get("strict-transport-security")).toBeNull();
  });

  it("is on every page over https (set by proxy.ts at run time), and on none over http", () => {
    publicUrl("https://cutroom.example.com");
    const page = proxy(new NextRequest("https://cutroom.example.com/generate"));
    expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(page.headers.get("content-security-policy")).toMatch(/nonce-/);
    publicUrl(undefined);
    expect(proxy(new NextRequest("http://cutroom.example.com/generate")).headers.get("strict-transport-security")).toBeNull();
  });
});
