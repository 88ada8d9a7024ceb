import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/server/env";
import { REQUESTED_PATH_HEADER } from "@/lib/shared/paths";
import { HSTS_HEADER, strictTransportSecurity } from "@/lib/server/http/transport-security";

// Every page gets a Content-Security-Policy with a fresh nonce: Next.js puts the nonce on its own
// scripts (it reads the policy from the request), and no other script runs, inline or injected.
// `strict-dynamic` lets those scripts load the chunks they need. No 'unsafe-inline' or
// 'unsafe-eval' for scripts in production (development's fast refresh needs eval). Styles may be
// inline (React's style attributes); images may come from any https address, because people give
// public links to input images that the browser shows as previews.

function policy(nonce: string): string {
  const dev = env().NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * A share page (/s/<token>) is opened by people outside the team: its own, narrower policy (only
 * Cutroom's own images and media, no framing, no forms elsewhere, no base), no Referer (the token
 * is in its address), never indexed or cached.
 */
function sharePolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "media-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const isSharePage = (pathname: string) => pathname.startsWith("/s/");

/** The page's own path and query, for the sign-in redirect to bring the visitor back to (never `_rsc`). */
function requestedPath(request: NextRequest): string {
  const url = request.nextUrl.clone();
  url.searchParams.delete("_rsc");
  return `${url.pathname}${url.search}`;
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const share = isSharePage(request.nextUrl.pathname);
  const csp = share ? sharePolicy(nonce) : policy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  headers.set(REQUESTED_PATH_HEADER, requestedPath(request));
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  if (share) {
    response.headers.set("referrer-policy", "no-referrer");
    response.headers.set("x-robots-tag", "noindex, nofollow");
    response.headers.set("cache-control", "private, no-store");
  }
  // API answers get it from handle(); it must follow APP_PUBLIC_URL at run time, which
  // next.config.mjs's headers (fixed at build) cannot.
  const hsts = strictTransportSecurity(env().APP_PUBLIC_URL);
  if (hsts) response.headers.set(HSTS_HEADER, hsts);
  return response;
}

export const config = {
  // Pages only: API answers, static files and the sandbox's media carry the headers set in
  // next.config.mjs. Prefetches are skipped: they are not documents.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|icon.svg|sandbox/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
