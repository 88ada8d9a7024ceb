"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { apiFetch } from "@/lib/client/api";
import { applyApiError } from "@/lib/client/form-errors";
import { PASSWORD_MIN, setupSchema, type SetupInput } from "@/lib/shared/users";

const FIELDS = ["name", "email", "password"] as const;

export function SetupForm() {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<SetupInput>({
    resolver: zodResolver(setupSchema),
    defaultValues: { name: "", email: "", password: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      await apiFetch("/api/setup", { method: "POST", json: values });
    } catch (error) {
      setProblem(applyApiError(error, setError, FIELDS));
      return;
    }
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (result?.error) {
      router.replace("/signin");
      return;
    }
    router.replace("/generate");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {problem ? <Alert tone="error" title={problem} /> : null}
      <TextField id="name" label="Name" autoComplete="name" autoFocus error={errors.name?.message} registration={register("name")} />
      <TextField
        id="email"
        label="Email"
        type="email"
        autoComplete="email"
        error={errors.email?.message}
        registration={register("email")}
      />
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
        Create admin account
      </Button>
    </form>
  );
}
