import "server-only";
import { env } from "../env";
import { persistentSecret } from "../secrets";

/** The key that signs and encrypts session cookies: AUTH_SECRET, or one generated into DATA_DIR. */
export function authSecret(): string {
  return persistentSecret("auth-secret", env().AUTH_SECRET, "AUTH_SECRET");
}
