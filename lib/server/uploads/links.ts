import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { authSecret } from "../auth/secret";
import { env } from "../env";
import { isSandboxed, selfUrl } from "../providers/registry";
import type { VideoProvider } from "../providers/types";
import type { ProviderId } from "@/lib/shared/catalog/ids";

// Links that let a provider fetch one uploaded image for a limited time, for providers that take
// images as URLs only (APIDot). The link names the upload and an expiry, signed with a key derived
// from the server secret: nothing is stored, it cannot be altered or extended, and it stops working
// when it expires. It leads to the re-encoded copy only (no metadata), never to anything else.

function linkKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "cutroom", "upload-link-v1", 32));
}

function signatureOf(uploadId: string, expires: number): string {
  return createHmac("sha256", linkKey()).update(`${uploadId}.${expires}`).digest("base64url");
}

/**
 * Where a provider can fetch Cutroom's uploads from: the loopback address for the built-in sandbox,
 * APP_PUBLIC_URL for a real provider, or null when Cutroom has no address the provider can reach.
 */
export function uploadLinkBase(provider: ProviderId): string | null {
  if (isSandboxed(provider)) return selfUrl();
  return env().APP_PUBLIC_URL?.replace(/\/+$/, "") ?? null;
}

/** For providers that take image links only: the base of upload links (null: none reachable); else undefined. */
export function linkBaseFor(provider: Pick<VideoProvider, "id" | "capabilities">): string | null | undefined {
  return provider.capabilities.imageLinksOnly ? uploadLinkBase(provider.id) : undefined;
}

export function signedUploadUrl(base: string, uploadId: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + env().UPLOAD_LINK_TTL_SECONDS;
  return `${base}/api/uploads/${uploadId}/link?expires=${expires}&sig=${signatureOf(uploadId, expires)}`;
}

export type LinkCheck = "valid" | "expired" | "invalid";

export function checkUploadLink(uploadId: string, expires: string | null, sig: string | null, now = Date.now()): LinkCheck {
  const at = Number(expires);
  if (!sig || !expires || !/^\d{1,12}$/.test(expires)) return "invalid";
  const expected = Buffer.from(signatureOf(uploadId, at));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
  return at * 1000 < now ? "expired" : "valid";
}
