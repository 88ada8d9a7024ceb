import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { recordAudit } from "../audit/log";
import type { Db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { users, type User } from "../db/schema";
import { env } from "../env";
import { logger } from "../logger";
import type { SsoRefusal } from "@/lib/shared/sign-in";
import { hashPassword } from "./password";
import { normalEmail } from "./throttle";

// Single sign-on with the company's OpenID Connect provider (Google Workspace, Entra, Okta,
// Keycloak, Authentik...), configured by OIDC_* variables. next-auth runs the authorization-code
// flow with PKCE, state and nonce, and validates the ID token (signature, issuer, audience, nonce)
// against the provider's discovery document. Who that is in Cutroom is decided here: the person
// this provider's subject was linked to; else a teammate with the same email, when the provider
// says the email is verified; else a new member. Never an unverified email, an email outside
// OIDC_ALLOWED_DOMAINS, a disabled or deleted account.

export const OIDC_PROVIDER_ID = "oidc";

export type OidcProfile = {
  sub: string;
  email?: string;
  // Booleans by the standard; some providers send the string "true". Both are read as verified,
  // anything else (absent included) as not.
  email_verified?: boolean | string;
  name?: string;
  preferred_username?: string;
};

export const oidcConfigured = () => Boolean(env().OIDC_ISSUER);

export function oidcProvider(): OAuthConfig<OidcProfile> {
  const config = env();
  const issuer = config.OIDC_ISSUER!.replace(/\/+$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: config.OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state", "nonce"],
    idToken: true,
    // The ID token's claims are the verified ones; providers that leave the email out of it (Entra,
    // some Okta set-ups) give it from userinfo, whose subject openid-client checks is the same.
    userinfo: {
      async request({ tokens, client }) {
        // next-auth passes the TokenSet openid-client made from the validated callback.
        const set = tokens as unknown as Parameters<typeof client.userinfo>[0] & { claims: () => Record<string, unknown> };
        const extra = await client.userinfo(set).catch(() => ({}));
        return { ...extra, ...set.claims() } as OidcProfile;
      },
    },
    profile: (profile) => ({ id: profile.sub, name: profile.name ?? profile.preferred_username ?? null, email: profile.email ?? null }),
  };
}

const subjectOf = (sub: string) => `${env().OIDC_ISSUER!.replace(/\/+$/, "")} ${sub}`;
const isVerified = (value: unknown) => value === true || value === "true";

function nameFor(profile: OidcProfile, email: string): string {
  const name = (profile.name ?? profile.preferred_username ?? "").trim();
  return (name || email.split("@")[0]!).slice(0, 100);
}

type Resolution = { user: User; created: boolean } | { refused: SsoRefusal };

async function findOrCreate(db: Db, profile: OidcProfile): Promise<Resolution> {
  const subject = subjectOf(profile.sub);
  const allowed = env().OIDC_ALLOWED_DOMAINS;
  // Checked on every sign-in, linked people too: taking a domain off the list closes it at once.
  const outsideDomains = (address: string) => allowed.length > 0 && !allowed.includes(address.split("@").pop()!);
  const [linked] = await db.select().from(users).where(eq(users.oidcSubject, subject));
  if (linked) return outsideDomains(linked.email) ? { refused: "SsoDomain" } : { user: linked, created: false };
  const email = normalEmail(profile.email ?? "");
  if (!email.includes("@") || !isVerified(profile.email_verified)) return { refused: "SsoUnverified" };
  if (outsideDomains(email)) return { refused: "SsoDomain" };
  const [existing] = await db.select().from(users).where(eq(users.email, email));
  if (existing) {
    // An account already linked to another identity at the provider is not taken over by a second one.
    if (existing.oidcSubject) return { refused: "SsoLinked" };
    const [updated] = await db
      .update(users)
      .set({ oidcSubject: subject, updatedAt: new Date() })
      .where(eq(users.id, existing.id))
      .returning();
    return { user: updated!, created: false };
  }
  // A password nobody knows: this member signs in with the provider (an admin may set one later).
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  const [created] = await db
    .insert(users)
    .values({ id: randomUUID(), email, name: nameFor(profile, email), passwordHash, role: "member", oidcSubject: subject })
    .returning();
  return { user: created!, created: true };
}

/** Who a verified sign-in at the provider is in Cutroom, or why they may not come in. */
export async function resolveSsoUser(db: Db, profile: OidcProfile, ip: string | null): Promise<Resolution> {
  if (typeof profile.sub !== "string" || profile.sub === "") return { refused: "SsoUnverified" };
  let outcome: Resolution;
  try {
    outcome = await findOrCreate(db, profile);
  } catch (error) {
    // Two first sign-ins of one person at once: the other one made the account; this one finds it.
    if (!isUniqueViolation(error)) throw error;
    outcome = await findOrCreate(db, profile);
  }
  if ("refused" in outcome) {
    logger().info({ event: "sso_refused", reason: outcome.refused }, "single sign-on refused");
    return outcome;
  }
  const { user, created } = outcome;
  if (user.deletedAt !== null || user.disabledAt !== null) {
    logger().info({ event: "sso_refused", reason: "SsoDisabled", userId: user.id }, "single sign-on refused");
    return { refused: "SsoDisabled" };
  }
  const actor = { id: user.id, name: user.name, ip };
  const target = { type: "account" as const, id: user.id, label: `${user.name} <${user.email}>` };
  if (created) {
    await recordAudit(db, actor, {
      action: "user_added",
      target: { ...target, type: "user" },
      after: { name: user.name, email: user.email, role: user.role, via: "single sign-on" },
    });
  }
  await recordAudit(db, actor, { action: "sign_in", target, after: { method: "single sign-on" } });
  logger().info({ event: "sign_in", userId: user.id, method: "sso", created }, "signed in");
  return outcome;
}
