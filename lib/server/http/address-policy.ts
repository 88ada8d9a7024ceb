import "server-only";
import net from "node:net";
import { z } from "zod";

// Which network addresses Cutroom may fetch a provider's output from. A provider (or whoever can
// change its answer) names the URL, so without this a task's "video" could be the cloud metadata
// service, a database admin page or anything else only the server can reach. Only public unicast
// addresses pass, unless the operator lists a host or range in PROVIDER_OUTPUT_ALLOW_PRIVATE (a
// provider they run on their own network).

const IPV4_RANGES: [string, number, string][] = [
  ["0.0.0.0", 8, "an unspecified address"],
  ["10.0.0.0", 8, "a private address"],
  ["100.64.0.0", 10, "a shared (carrier-grade NAT) address"],
  ["127.0.0.0", 8, "a loopback address"],
  ["169.254.0.0", 16, "a link-local address"],
  ["172.16.0.0", 12, "a private address"],
  ["192.0.0.0", 24, "a reserved address"],
  ["192.0.2.0", 24, "a documentation address"],
  ["192.88.99.0", 24, "a reserved address"],
  ["192.168.0.0", 16, "a private address"],
  ["198.18.0.0", 15, "a benchmarking address"],
  ["198.51.100.0", 24, "a documentation address"],
  ["203.0.113.0", 24, "a documentation address"],
  ["224.0.0.0", 4, "a multicast address"],
  ["240.0.0.0", 4, "a reserved address"],
];

const IPV6_RANGES: [string, number, string][] = [
  ["::", 128, "an unspecified address"],
  ["::1", 128, "a loopback address"],
  ["64:ff9b:1::", 48, "a local NAT64 address"],
  ["100::", 64, "a discard address"],
  ["2001::", 23, "a reserved address"],
  ["2001:db8::", 32, "a documentation address"],
  ["3fff::", 20, "a documentation address"],
  ["fc00::", 7, "a unique local (private) address"],
  ["fe80::", 10, "a link-local address"],
  ["fec0::", 10, "a site-local address"],
  ["ff00::", 8, "a multicast address"],
];

// Everything outside 2000::/3 is reserved or not yet allocated: no public server lives there.
const IPV6_GLOBAL_UNICAST = new net.BlockList();
IPV6_GLOBAL_UNICAST.addSubnet("2000::", 3, "ipv6");

function blockListOf(ranges: [string, number, string][], family: "ipv4" | "ipv6"): [net.BlockList, string][] {
  return ranges.map(([address, prefix, reason]) => {
    const list = new net.BlockList();
    list.addSubnet(address, prefix, family);
    return [list, reason];
  });
}

const IPV4_BLOCKS = blockListOf(IPV4_RANGES, "ipv4");
const IPV6_BLOCKS = blockListOf(IPV6_RANGES, "ipv6");

/** The 16 bytes of an IPv6 address (as net.isIP accepts it, without zone). */
function ipv6Bytes(address: string): number[] {
  let text = address;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1]!.split(".").map(Number));
    text = text.slice(0, -dotted[1]!.length) + "0:0";
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const groups = (part: string) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const all = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  const bytes = all.flatMap((group: number) => [group >> 8, group & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * The IPv4 address carried inside an IPv6 one (mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d,
 * compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), which the network delivers to that
 * IPv4 address; null for any other IPv6 address.
 */
export function embeddedIpv4(address: string): string | null {
  const bytes = ipv6Bytes(address);
  const zero = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  const quad = (at: number) => bytes.slice(at, at + 4).join(".");
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return quad(12);
  if (zero(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zero(10, 12)) return quad(12);
  if (zero(0, 12) && !zero(12, 14)) return quad(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) return quad(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return quad(2);
  return null;
}

/** Why an address may not be fetched from (a phrase like "a loopback address"), or null when it is public. */
export function refusedAddressReason(address: string): string | null {
  const family = net.isIP(address);
  if (family === 4) return IPV4_BLOCKS.find(([list]) => list.check(address, "ipv4"))?.[1] ?? null;
  if (family !== 6) return "not an IP address";
  const inner = embeddedIpv4(address);
  if (inner) return refusedAddressReason(inner);
  const special = IPV6_BLOCKS.find(([list]) => list.check(address, "ipv6"))?.[1];
  if (special) return special;
  return IPV6_GLOBAL_UNICAST.check(address, "ipv6") ? null : "a reserved address";
}

export type PrivateAllowList = { hosts: ReadonlySet<string>; ranges: net.BlockList; size: number };

/** A host name as DNS compares it: lower case, no trailing dot, IPv6 without brackets. */
export function normalHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^\[(.*)\]$/, "$1");
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Reads the comma-separated PROVIDER_OUTPUT_ALLOW_PRIVATE: host names (matched exactly, whatever
 * they resolve to), IP addresses and CIDR ranges. Throws on an entry that is none of these.
 */
export function parsePrivateAllowList(text: string | undefined): PrivateAllowList {
  const hosts = new Set<string>();
  const ranges = new net.BlockList();
  let size = 0;
  for (const raw of (text ?? "").split(",")) {
    const entry = normalHost(raw.trim());
    if (!entry) continue;
    size += 1;
    const [address, prefixText, extra] = entry.split("/");
    const family = net.isIP(address!);
    if (family) {
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
      if (extra !== undefined || !(prefix >= 0 && prefix <= max)) throw new Error(`"${raw.trim()}" has no valid prefix length (0-${max})`);
      ranges.addSubnet(address!, prefix, family === 4 ? "ipv4" : "ipv6");
    } else if (prefixText === undefined && HOST_NAME.test(entry)) {
      hosts.add(entry);
    } else {
      throw new Error(`"${raw.trim()}" is not a host name, an IP address or a CIDR range`);
    }
  }
  return { hosts, ranges, size };
}

/** The env schema of PROVIDER_OUTPUT_ALLOW_PRIVATE: its parsed list, or the entry that is wrong. */
export const privateAllowListSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    try {
      return parsePrivateAllowList(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

export function allowsHost(list: PrivateAllowList, host: string): boolean {
  return list.hosts.has(normalHost(host));
}

export function allowsAddress(list: PrivateAllowList, address: string): boolean {
  const family = net.isIP(address);
  if (!family) return false;
  if (list.ranges.check(address, family === 4 ? "ipv4" : "ipv6")) return true;
  const inner = family === 6 ? embeddedIpv4(address) : null;
  return inner !== null && list.ranges.check(inner, "ipv4");
}

/** Null when Cutroom may connect to `address` for `host`, else why not. */
export function addressRefusal(list: PrivateAllowList, host: string, address: string): string | null {
  const reason = refusedAddressReason(address);
  if (!reason || allowsHost(list, host) || allowsAddress(list, address)) return null;
  return reason;
}
