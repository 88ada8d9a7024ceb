import "server-only";

// Media and uploads are served from Cutroom's own origin, next to the session cookie. Whatever a
// file turns out to be, the browser must treat it as inert: no sniffing it into another type, and
// if it is ever opened as a document, a sandbox with no script, no same origin and nothing loaded.
// Media and upload routes pass these to `handle`, so refusals and errors carry them too.

export const MEDIA_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "sandbox; default-src 'none'",
  "x-content-type-options": "nosniff",
};
