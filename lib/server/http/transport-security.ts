import "server-only";

// Once a browser has reached Cutroom over https, it must never again be talked into plain http
// (a network attacker's downgrade): Strict-Transport-Security on every page and API answer, when
// Cutroom is served over https. Only APP_PUBLIC_URL says so reliably: behind a proxy that ends TLS
// the request itself arrives over http.

export const HSTS_HEADER = "strict-transport-security";
const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/** The Strict-Transport-Security value for this public URL, or null when it is not https. */
export function strictTransportSecurity(publicUrl: string | undefined): string | null {
  return publicUrl?.startsWith("https://") ? HSTS_VALUE : null;
}
