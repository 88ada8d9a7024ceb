"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import * as z from "zod/mini";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { signInProblem } from "@/lib/shared/sign-in";

const schema = z.object({
  email: z.string().check(z.trim(), z.minLength(1, { error: "Enter your email address." })),
  password: z.string().check(z.minLength(1, { error: "Enter your password." })),
});
type Values = z.infer<typeof schema>;

export function SignInForm({ next, email = "", primary = true }: { next: string; email?: string; primary?: boolean }) {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { email, password: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setProblem(null);
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (!result || result.error) {
      // The same words whether the email is unknown or the password wrong.
      setProblem(signInProblem(result?.error));
      return;
    }
    router.replace(next);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {problem ? <Alert tone="error" title={problem} /> : null}
      <TextField
        id="email"
        label="Email"
        type="email"
        autoComplete="username"
        autoFocus={!email && primary}
        error={errors.email?.message}
        registration={register("email")}
      />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        autoFocus={Boolean(email)}
        error={errors.password?.message}
        registration={register("password")}
      />
      <Button type="submit" variant={primary ? "primary" : "secondary"} className="w-full" busy={isSubmitting}>
        Sign in
      </Button>
    </form>
  );
}
