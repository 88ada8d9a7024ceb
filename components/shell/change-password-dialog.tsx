"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, closeEnclosingDialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { useChangePassword } from "@/lib/client/account";
import { applyApiError } from "@/lib/client/form-errors";
import { useToasts } from "@/lib/client/toasts";
import { passwordChangeSchema, type PasswordChangeInput } from "@/lib/shared/account";
import { PASSWORD_MIN } from "@/lib/shared/users";

const FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;

/** The user menu's "Change password": current password, the new one twice. */
export function ChangePasswordDialog({ open, email, onClose }: { open: boolean; email: string; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Change your password">
      {open ? <ChangePasswordForm email={email} /> : null}
    </Dialog>
  );
}

function ChangePasswordForm({ email }: { email: string }) {
  const change = useChangePassword();
  const toasts = useToasts();
  const [problem, setProblem] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<PasswordChangeInput>({
    resolver: zodResolver(passwordChangeSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors } = formState;
  const onSubmit = handleSubmit((values, event) => {
    setProblem(null);
    const form = (event?.target as HTMLFormElement | undefined) ?? null;
    change.mutate(values, {
      onSuccess: ({ otherSessionsEnded }) => {
        toasts.show({
          tone: "success",
          title: "Your password was changed.",
          body:
            otherSessionsEnded > 0
              ? `Signed out of ${otherSessionsEnded} other ${otherSessionsEnded === 1 ? "session" : "sessions"}; this one stays signed in.`
              : "You stay signed in here.",
        });
        closeEnclosingDialog(form);
      },
      onError: (error) => setProblem(applyApiError(error, setError, FIELDS)),
    });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
      <p className="text-sm text-zinc-600">Your other sessions (other browsers and devices) are signed out; this one stays.</p>
      {problem ? <Alert tone="error" title={problem} /> : null}
      {/* For password managers: which account this new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        id="current-password"
        label="Current password"
        type="password"
        autoComplete="current-password"
        autoFocus
        error={errors.currentPassword?.message}
        registration={register("currentPassword")}
      />
      <TextField
        id="new-password-own"
        label="New password"
        type="password"
        autoComplete="new-password"
        error={errors.newPassword?.message}
        help={`At least ${PASSWORD_MIN} characters.`}
        registration={register("newPassword")}
      />
      <TextField
        id="confirm-password"
        label="New password again"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword?.message}
        registration={register("confirmPassword")}
      />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={(event) => closeEnclosingDialog(event.currentTarget)}>
          Cancel
        </Button>
        <Button type="submit" busy={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
