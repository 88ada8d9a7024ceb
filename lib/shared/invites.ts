import * as z from "zod/mini";
import { ROLES, emailSchema, nameSchema, passwordSchema, type Role } from "./users";

// One-time invitation links: an admin names an email and a role, Cutroom makes a link that works
// once, for a week; the invitee picks their name and password on /invite/<token>.

export const INVITE_TTL_DAYS = 7;

export const inviteSchema = z.strictObject({
  email: emailSchema,
  role: z.enum(ROLES, { error: "Choose a role: admin or member." }),
});
export type InviteInput = z.infer<typeof inviteSchema>;

/** 32 random bytes in base64url are 43 characters; anything else cannot be one of ours. */
export const inviteTokenSchema = z
  .string({ error: "This invitation link is not complete." })
  .check(z.regex(/^[A-Za-z0-9_-]{43}$/, { error: "This invitation link is not complete. Copy the whole link and try again." }));

export const acceptInviteSchema = z.strictObject({ token: inviteTokenSchema, name: nameSchema, password: passwordSchema });
export type AcceptInviteInput = z.infer<typeof acceptInviteSchema>;

/** A pending invitation as Admin > Users lists it (never its token: only its hash is kept). */
export type InviteView = { id: string; email: string; role: Role; invitedBy: string; createdAt: string; expiresAt: string };

/** What /invite/<token> finds: an invitation to accept, or why it cannot be. */
export type InviteState =
  { status: "open"; email: string; role: Role; expiresAt: string } | { status: "used" | "withdrawn" | "expired" | "unknown" };

export const INVITE_PROBLEMS: Record<Exclude<InviteState["status"], "open">, { title: string; body: string }> = {
  used: { title: "This invitation has already been used", body: "Its account exists: sign in with its email and password." },
  withdrawn: { title: "This invitation was withdrawn", body: "Ask an admin of your Cutroom for a new link." },
  expired: {
    title: "This invitation has expired",
    body: `Links work for ${INVITE_TTL_DAYS} days. Ask an admin of your Cutroom for a new one.`,
  },
  unknown: { title: "This invitation link is not valid", body: "Check that you copied the whole link, or ask an admin for a new one." },
};
