"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import * as z from "zod/mini";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { TextField } from "@/components/ui/text-field";
import { apiFetch } from "@/lib/client/api";
import { applyApiError } from "@/lib/client/form-errors";
import { PASSWORD_MIN, nameSchema, passwordSchema, type Role } from "@/lib/shared/users";

const formSchema = z.strictObject({ name: nameSchema, password: passwordSchema });
type Values = z.infer<typeof formSchema>;
const FIELDS = ["name", "password"] as const;

/** /invite/<token>: the invitee picks a name and password; the account is made, then they are signed in. */
export function InviteForm({ token, email, role, expiresAt }: { token: string; email: string; role: Role; expiresAt: string }) {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(formSchema),
    defaultValues: { name: "", password: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      await apiFetch("/api/invites/accept", { method: "POST", json: { token, ...values } });
    } catch (error) {
      setProblem(applyApiError(error, setError, FIELDS));
      return;
    }
    // Signed in through the normal sign-in, as the set-up page does; should that be refused (the
    // sign-in throttle, say), the sign-in page has the email filled in.
    const result = await signIn("credentials", { email, password: values.password, redirect: false });
    if (!result || result.error) {
      router.replace(`/signin?email=${encodeURIComponent(email)}`);
      return;
    }
    router.replace("/generate");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2.5 text-sm">
        <p className="text-zinc-500">You are invited as</p>
        <p className="break-all font-medium text-zinc-900" data-testid="invite-email">
          {email}
        </p>
        <p className="mt-1 text-xs text-zinc-500">
          {role === "admin" ? "Admin" : "Member"} · link works until <LocalTime iso={expiresAt} />
        </p>
      </div>
      {problem ? <Alert tone="error" title={problem} /> : null}
      {/* For password managers: the account this password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField id="name" label="Your name" autoComplete="name" autoFocus error={errors.name?.message} registration={register("name")} />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        error={errors.password?.message}
        help={`At least ${PASSWORD_MIN} characters.`}
        registration={register("password")}
      />
      <Button type="submit" className="w-full" busy={isSubmitting}>
        Create my account
      </Button>
    </form>
  );
}
