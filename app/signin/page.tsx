import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentPageUser, isSetUp } from "@/lib/server/auth/page-guard";
import { safeNextPath } from "@/lib/shared/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; email?: string | string[] }>;
}) {
  if (!(await isSetUp())) redirect("/setup");
  const query = await searchParams;
  const next = safeNextPath(query.next);
  // Filled in after joining by invitation; only ever a default for the field.
  const email = typeof query.email === "string" ? query.email.slice(0, 254) : "";
  if (await currentPageUser()) redirect(next);
  return (
    <AuthCard title="Sign in to Cutroom" subtitle="Use the email and password your admin gave you.">
      <SignInForm next={next} email={email} />
    </AuthCard>
  );
}
