// Whether a link can plausibly be fetched by a provider on the public internet. Cutroom never
// fetches a user's link itself, so this is not a server-side request forgery guard: it catches the
// links that can only fail at the provider (localhost, private addresses, embedded passwords)
// while the user can still fix them. Names that resolve to private addresses are not caught.

// "This network", private, carrier-grade NAT, loopback and link-local ranges.
const PRIVATE_V4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"];

function ipv4ToInt(host: string): number | null {
  const parts = host.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return null;
  return parts.reduce((total, part) => ((total << 8) | Number(part)) >>> 0, 0);
}

function inRange(address: number, cidr: string): boolean {
  const [base, bits] = cidr.split("/") as [string, string];
  const mask = (~0 << (32 - Number(bits))) >>> 0;
  return (address & mask) >>> 0 === (ipv4ToInt(base)! & mask) >>> 0;
}

export function isPublicHttpsUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return false;
  if (host.startsWith("[")) {
    // IPv6 literals: loopback, unspecified, unique-local (fc00::/7) and link-local (fe80::/10).
    const inner = host.slice(1, -1);
    return !(inner === "::1" || inner === "::" || /^f[cd]/.test(inner) || /^fe[89ab]/.test(inner) || inner.startsWith("::ffff:"));
  }
  const v4 = ipv4ToInt(host);
  if (v4 !== null) return !PRIVATE_V4.some((cidr) => inRange(v4, cidr));
  return host.includes(".");
}
