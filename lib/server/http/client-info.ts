import "server-only";
import { isIP } from "node:net";
import { env } from "../env";

// Who is on the other end of a request, as far as the configured proxies let Cutroom know. Any
// client can send X-Forwarded-Host, -Proto and -For itself, so they are believed only when the
// operator says reverse proxies stand in front of Cutroom (TRUST_PROXY: true for one, or how many).
// Each proxy appends the address it was reached from to X-Forwarded-For; with N trusted proxies the
// client is the Nth address from the right (what the outermost trusted proxy saw); anything left of
// it was written by the client and is ignored. X-Forwarded-Host and -Proto are read from the right
// too: the nearest proxy's word.

/** The comma-separated values of a header, trimmed, empty ones dropped. */
function listOf(request: Request, header: string): string[] {
  return (request.headers.get(header) ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

const trusted = () => env().TRUST_PROXY > 0;

/** The host (name and port) the client addressed: the proxies' X-Forwarded-Host when trusted, else Host. */
export function requestHost(request: Request): string | null {
  if (trusted()) {
    const forwarded = listOf(request, "x-forwarded-host").at(-1);
    if (forwarded) return forwarded.toLowerCase();
  }
  return request.headers.get("host")?.trim().toLowerCase() || null;
}

/**
 * The scheme the client used: the proxies' X-Forwarded-Proto when trusted, else the request's own.
 * (Next.js builds the request's URL from X-Forwarded-Proto as well, so untrusted it says only what
 * reached the server.)
 */
export function requestProtocol(request: Request): "http" | "https" {
  if (trusted()) {
    const forwarded = listOf(request, "x-forwarded-proto").at(-1)?.toLowerCase();
    if (forwarded === "https" || forwarded === "http") return forwarded;
  }
  return new URL(request.url).protocol === "https:" ? "https" : "http";
}

/** The origin the client addressed (scheme and host), or null without a Host. */
export function requestOrigin(request: Request): string | null {
  const host = requestHost(request);
  return host ? `${requestProtocol(request)}://${host}` : null;
}

/** "203.0.113.7", "203.0.113.7:4711", "[2001:db8::1]:443" -> the address; null if it is none. */
function addressOf(value: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  const address = bracketed?.[1] ?? withPort?.[1] ?? value;
  return isIP(address) ? address.toLowerCase() : null;
}

/**
 * The client's IP address as the trusted proxies report it, or null when it cannot be known. With
 * TRUST_PROXY off it is always null: Next.js's server fills X-Forwarded-For from the socket only
 * when the request carries none (a client's own header passes through as it came), and route
 * handlers never see the socket, so no header tells a real address from a made-up one. Callers
 * (throttles, audit) treat null as "unknown", never as one shared address to block.
 */
export function clientIp(request: Request): string | null {
  return clientIpFromForwardedFor(request.headers.get("x-forwarded-for"));
}

/** The same, from the X-Forwarded-For header's value (next-auth hands `authorize` plain headers). */
export function clientIpFromForwardedFor(header: string | null): string | null {
  const hops = env().TRUST_PROXY;
  if (hops === 0) return null;
  const chain = (header ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
  if (chain.length === 0) return null;
  // Fewer entries than trusted proxies: the request came a shorter way; the first is the client.
  const entry = chain[Math.max(0, chain.length - hops)]!;
  return addressOf(entry);
}

/**
 * The origin people reach Cutroom at, for links they are given (an invitation): APP_PUBLIC_URL when
 * set, else the origin this request addressed.
 */
export function publicOrigin(request: Request): string {
  return env().APP_PUBLIC_URL?.replace(/\/+$/, "") ?? requestOrigin(request) ?? new URL(request.url).origin;
}
