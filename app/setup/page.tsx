import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { AuthCard } from "@/components/auth/auth-card";
import { isSetUp } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  if (await isSetUp()) redirect("/signin");
  return (
    <AuthCard title="Welcome to Cutroom" subtitle="Create the first admin account. You can add your teammates once you are in.">
      <SetupForm />
    </AuthCard>
  );
}
