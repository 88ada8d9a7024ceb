import { describe, expect, it } from "vitest";
import { isPublicHttpsUrl } from "./public-url";

describe("isPublicHttpsUrl", () => {
  it.each([
    "https://images.example.com/cat.png",
    "https://cdn.example.org:8443/a/b.webp?x=1",
    "https://8.8.8.8/image.jpg",
    "https://172.32.0.1/edge-of-private.png",
    "https://[2001:db8::1]/v6.png",
  ])("accepts %s", (url) => expect(isPublicHttpsUrl(url)).toBe(true));

  it.each([
    "http://images.example.com/cat.png",
    "https://user:secret@example.com/cat.png",
    "https://localhost/cat.png",
    "https://app.localhost/cat.png",
    "https://printer.local/cat.png",
    "https://metadata.internal/cat.png",
    "https://127.0.0.1/cat.png",
    "https://10.1.2.3/cat.png",
    "https://172.16.0.1/cat.png",
    "https://172.31.255.255/cat.png",
    "https://192.168.1.10/cat.png",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/cgnat.png",
    "https://0.0.0.0/cat.png",
    "https://[::1]/cat.png",
    "https://[fd00::1]/cat.png",
    "https://[fe80::1]/cat.png",
    "https://[::ffff:127.0.0.1]/cat.png",
    "https://intranet/cat.png",
    "not a url",
  ])("refuses %s", (url) => expect(isPublicHttpsUrl(url)).toBe(false));
});
