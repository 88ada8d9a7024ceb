import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db";
import { env } from "../env";
import { logger } from "../logger";
import { verifyCredentials } from "../users/service";
import { authSecret } from "./secret";
import { clearFailures, recordFailure } from "./throttle";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

const credentialsSchema = z.object({ email: z.string().max(254), password: z.string().max(200) });

/** Secure (and __Secure- prefixed) cookies whenever Cutroom is served over https. */
export function usesSecureCookies(): boolean {
  return env().APP_PUBLIC_URL?.startsWith("https://") ?? false;
}

export function sessionCookieName(): string {
  return usesSecureCookies() ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    useSecureCookies: usesSecureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const database = await db();
          const user = await verifyCredentials(database, parsed.data.email, parsed.data.password);
          if (!user) {
            await recordFailure(database, parsed.data.email);
            logger().info({ event: "sign_in_failed" }, "sign-in refused");
            return null;
          }
          await clearFailures(database, parsed.data.email);
          logger().info({ event: "sign_in", userId: user.id }, "signed in");
          return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      // The token carries only who the user is and which session generation it belongs to; role and
      // disabled state are read from the database on every request (lib/server/auth/session.ts).
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
        }
        return token;
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
