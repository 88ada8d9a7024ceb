/** Set by proxy.ts on every page request: the path and query the visitor asked for. */
export const REQUESTED_PATH_HEADER = "x-cutroom-requested-path";

const DEFAULT_PATH = "/generate";
// A stand-in origin to resolve against: only what stays on it is a path of ours.
const BASE = "https://cutroom.invalid";

/**
 * A same-origin path (with its query and hash) to return to after sign-in; anything else becomes
 * /generate. The value is resolved against an origin as a browser would and must stay on it; control
 * characters, whitespace and backslashes are refused outright, because browsers drop or rewrite them
 * (`/%09/evil.example` arrives as "/\t/evil.example", which a browser reads as //evil.example).
 */
export function safeNextPath(value: string | string[] | undefined | null): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (typeof path !== "string" || path.length === 0 || path.length > 2048) return DEFAULT_PATH;
  if (/[\u0000-\u001f\u007f-\u009f\s\\]/u.test(path)) return DEFAULT_PATH;
  if (!path.startsWith("/") || path.startsWith("//")) return DEFAULT_PATH;
  let url: URL;
  try {
    url = new URL(path, BASE);
  } catch {
    return DEFAULT_PATH;
  }
  if (url.origin !== BASE || url.pathname.startsWith("//")) return DEFAULT_PATH;
  // Malformed escapes ("/%ZZ") would make the client router throw on navigation.
  try {
    decodeURIComponent(`${url.pathname}${url.search}${url.hash}`);
  } catch {
    return DEFAULT_PATH;
  }
  if (url.pathname === "/signin" || url.pathname.startsWith("/signin/") || url.pathname.startsWith("/api/")) return DEFAULT_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}
