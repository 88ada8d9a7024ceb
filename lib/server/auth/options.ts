import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { recordAudit } from "../audit/log";
import { db, type Db } from "../db";
import type { AuditAction, User } from "../db/schema";
import { clientIpFromForwardedFor } from "../http/client-info";
import { env } from "../env";
import { logger } from "../logger";
import { checkCredentials } from "../users/service";
import { SIGN_IN_DISABLED, SIGN_IN_PASSWORD_OFF, tooManyAttemptsError } from "@/lib/shared/sign-in";
import { OIDC_PROVIDER_ID, oidcConfigured, oidcProvider, resolveSsoUser, type OidcProfile } from "./oidc";
import { authSecret } from "./secret";
import { revokeSession, startSession } from "./sessions";
import { DEVICE_COOKIE, normalEmail, reserveSignInAttempt, trustedDeviceId } from "./throttle";
import { parseCookieHeader } from "./cookies";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

// Control characters never belong in an email or a password typed into the form; refusing them here
// keeps them out of the database lookups (Postgres refuses NUL in text).
const printable = /^[^\u0000-\u001f\u007f]*$/u;
const credentialsSchema = z.object({ email: z.string().max(254).regex(printable), password: z.string().max(200).regex(printable) });

/** Secure (and __Secure- prefixed) cookies whenever Cutroom is served over https. */
export function usesSecureCookies(): boolean {
  return env().APP_PUBLIC_URL?.startsWith("https://") ?? false;
}

export function sessionCookieName(): string {
  return usesSecureCookies() ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

function headerValue(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/** A sign-in attempt on an account, in the audit log: the account is both actor and target. */
function auditSignIn(database: Db, action: AuditAction, account: User, ip: string | null, knownDevice: boolean): Promise<void> {
  return recordAudit(
    database,
    { id: account.id, name: account.name, ip },
    {
      action,
      target: { type: "account", id: account.id, label: `${account.name} <${account.email}>` },
      after: { knownDevice },
    },
  );
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    useSecureCookies: usesSecureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [...(oidcConfigured() ? [oidcProvider()] : []), ...(env().PASSWORD_SIGN_IN === "off" ? [] : [passwordProvider()])],
    callbacks: {
      // A sign-on at the company's provider is matched to a Cutroom account (or refused, back to
      // the sign-in page with the reason). Without a database adapter next-auth hands this same
      // user object to the jwt callback below, which is how the session names the Cutroom account.
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const outcome = await resolveSsoUser(await db(), profile as OidcProfile, null);
        if ("refused" in outcome) return `/signin?error=${outcome.refused}`;
        Object.assign(user, {
          id: outcome.user.id,
          name: outcome.user.name,
          email: outcome.user.email,
          sessionVersion: outcome.user.sessionVersion,
        });
        return true;
      },
      // The token carries only who the user is and which session generation it belongs to; role and
      // disabled state are read from the database on every request (lib/server/auth/session.ts).
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
          token.sid = await startSession(await db(), user.id, SESSION_MAX_AGE_SECONDS);
        }
        return token;
      },
    },
    events: {
      // Sign-out ends the session on the server: a copy of the cookie stops working too.
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(await db(), token.sid);
      },
    },
    logger: {
      error: (code, metadata) =>
        logger().error({ code, metadata: metadata instanceof Error ? metadata.message : undefined }, "next-auth error"),
      // NEXTAUTH_URL is not needed: Cutroom signs in and out without next-auth's redirects.
      warn: (code) => {
        if (code !== "NEXTAUTH_URL") logger().warn({ code }, "next-auth warning");
      },
      debug: () => undefined,
    },
  };
}

function passwordProvider() {
  return CredentialsProvider({
    name: "Email and password",
    credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    // The throttle is enforced here, on the email whose password is checked, so no way of
    // writing the request can get a password checked past it (see lib/server/auth/throttle.ts).
    async authorize(raw, request) {
      const parsed = credentialsSchema.safeParse(raw);
      if (!parsed.success) return null;
      const email = normalEmail(parsed.data.email);
      const database = await db();
      const cookies = parseCookieHeader(headerValue(request?.headers, "cookie"));
      const deviceId = trustedDeviceId(cookies.get(DEVICE_COOKIE), email);
      const attempt = await reserveSignInAttempt(database, email, deviceId);
      if (!attempt.allowed) {
        logger().info({ event: "sign_in_throttled", knownDevice: deviceId !== null }, "sign-in refused: too many attempts");
        throw new Error(tooManyAttemptsError(attempt.retryAfterSeconds));
      }
      const check = await checkCredentials(database, email, parsed.data.password);
      const ip = clientIpFromForwardedFor(headerValue(request?.headers, "x-forwarded-for"));
      if (!check.ok && check.reason === "wrong") {
        logger().info({ event: "sign_in_failed", knownDevice: deviceId !== null }, "sign-in refused");
        // Recorded for accounts that exist (bounded by the throttle above); guesses at emails
        // nobody has would let a stranger write rows without end, so they are only logged.
        if (check.account) await auditSignIn(database, "sign_in_failed", check.account, ip, deviceId !== null);
        return null;
      }
      // The password was right: not a guess, whatever comes next.
      await attempt.succeeded();
      if (!check.ok) {
        logger().info({ event: "sign_in_disabled" }, "sign-in refused: account disabled");
        if (check.account) await auditSignIn(database, "sign_in_disabled", check.account, ip, deviceId !== null);
        throw new Error(SIGN_IN_DISABLED);
      }
      const user = check.user;
      // With single sign-on for members, only admins keep a password way in (said only once
      // the password was right, like a disabled account).
      if (env().PASSWORD_SIGN_IN === "admins" && user.role !== "admin") throw new Error(SIGN_IN_PASSWORD_OFF);
      logger().info({ event: "sign_in", userId: user.id }, "signed in");
      await auditSignIn(database, "sign_in", user, ip, deviceId !== null);
      return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
    },
  });
}
