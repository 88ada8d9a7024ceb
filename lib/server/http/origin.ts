import "server-only";
import { env } from "../env";
import { forbidden } from "../errors";
import { requestHost } from "./client-info";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests that come from another site: `Sec-Fetch-Site: cross-site`, or an
 * Origin whose host is not this server's. Together with SameSite=Lax cookies this stops CSRF. This
 * server's host is APP_PUBLIC_URL's, the one the request addressed (Host, or X-Forwarded-Host only
 * when TRUST_PROXY says a proxy sets it) and the one Next.js serves on.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers.get("sec-fetch-site") === "cross-site") throw forbidden("Cross-site requests are not allowed.");
  const origin = request.headers.get("origin");
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden("Cross-site requests are not allowed.");
  }
  const allowed = new Set<string>([new URL(request.url).host]);
  const addressed = requestHost(request);
  if (addressed) allowed.add(addressed);
  const publicUrl = env().APP_PUBLIC_URL;
  if (publicUrl) allowed.add(new URL(publicUrl).host);
  if (!allowed.has(originHost)) throw forbidden("Cross-site requests are not allowed.");
}
