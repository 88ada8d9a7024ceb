import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { InviteForm } from "@/components/auth/invite-form";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { db } from "@/lib/server/db";
import { inviteState } from "@/lib/server/users/invites";
import { INVITE_PROBLEMS } from "@/lib/shared/invites";

// Public: the link is the permission, so there is no session to ask for (as on /signin and /setup).

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Join your team", robots: { index: false, follow: false } };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await inviteState(await db(), token);
  if (state.status !== "open") {
    const problem = INVITE_PROBLEMS[state.status];
    return (
      <AuthCard title="Join Cutroom" subtitle="Invitation links work once, for a limited time.">
        <Alert tone={state.status === "used" ? "info" : "warning"} title={problem.title}>
          {problem.body}
        </Alert>
        <Link href="/signin" className={buttonClass("secondary", "md", "mt-4 w-full")}>
          Go to sign-in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Join Cutroom" subtitle="Choose the name your team sees and a password, and you are in.">
      <InviteForm token={token} email={state.email} role={state.role} expiresAt={state.expiresAt} />
    </AuthCard>
  );
}
