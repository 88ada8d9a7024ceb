import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoButton } from "@/components/auth/sso-button";
import { Alert } from "@/components/ui/alert";
import { currentPageUser, isSetUp } from "@/lib/server/auth/page-guard";
import { env } from "@/lib/server/env";
import { safeNextPath } from "@/lib/shared/paths";
import { ssoProblem } from "@/lib/shared/sign-in";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

const first = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; email?: string | string[]; error?: string | string[] }>;
}) {
  if (!(await isSetUp())) redirect("/setup");
  const query = await searchParams;
  const next = safeNextPath(query.next);
  // Filled in after joining by invitation; only ever a default for the field.
  const email = first(query.email).slice(0, 254);
  if (await currentPageUser()) redirect(next);
  const config = env();
  const sso = config.OIDC_ISSUER ? config.OIDC_NAME : null;
  const passwords = config.PASSWORD_SIGN_IN;
  // Only Cutroom's own words are shown: whatever else the address says is not.
  const problem = ssoProblem(first(query.error));
  const subtitle = !sso
    ? "Use the email and password your admin gave you."
    : passwords === "all"
      ? `Use ${sso}, or the email and password your admin gave you.`
      : `Use ${sso}.`;
  return (
    <AuthCard title="Sign in to Cutroom" subtitle={subtitle}>
      <div className="space-y-4">
        {problem ? <Alert tone="error" title={problem} /> : null}
        {sso ? <SsoButton name={sso} next={next} primary={passwords !== "all"} /> : null}
        {sso && passwords !== "off" ? (
          <div className="flex items-center gap-3 text-xs text-zinc-500">
            <span className="h-px flex-1 bg-zinc-200" aria-hidden="true" />
            {passwords === "admins" ? "Admins: email and password" : "or"}
            <span className="h-px flex-1 bg-zinc-200" aria-hidden="true" />
          </div>
        ) : null}
        {passwords !== "off" ? <SignInForm next={next} email={email} primary={!sso || passwords === "all"} /> : null}
      </div>
    </AuthCard>
  );
}
