"use client";
import { LocalTime } from "@/components/ui/local-time";
import { zodResolver } from "@hookform/resolvers/zod";
import { KeyRound, Trash2, UserX } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import * as z from "zod/mini";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { cn } from "@/components/ui/cn";
import { Dialog, closeEnclosingDialog } from "@/components/ui/dialog";
import { controlClass } from "@/components/ui/field";
import { TextField } from "@/components/ui/text-field";
import { isApiError } from "@/lib/client/api";
import { applyApiError } from "@/lib/client/form-errors";
import { useToasts } from "@/lib/client/toasts";
import { useUpdateUser, useUsers } from "@/lib/client/users";
import type { InviteView } from "@/lib/shared/invites";
import { DeleteUserDialog } from "./delete-user-dialog";
import { AddUserForm } from "./add-user-form";
import { InviteForm, PendingInvites } from "./invite-panel";
import { PASSWORD_MIN, passwordSchema, type Role, type UserChanges, type UserView } from "@/lib/shared/users";

export function UsersPanel({
  initial,
  initialInvites,
  currentUserId,
}: {
  initial: UserView[];
  initialInvites: InviteView[];
  currentUserId: string;
}) {
  const users = useUsers(initial);
  const list = users.data ?? initial;
  const [resetting, setResetting] = useState<UserView | null>(null);
  const active = list.filter((user) => !user.disabled).length;
  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <div className="space-y-6 lg:col-span-3 lg:self-start">
        <Card className="overflow-hidden">
          <div className="border-b border-zinc-200 px-4 py-3">
            <h2 className="text-sm font-semibold text-zinc-900">
              Team ({active} active{list.length > active ? `, ${list.length - active} disabled` : ""})
            </h2>
          </div>
          <ul className="divide-y divide-zinc-100">
            {list.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                self={user.id === currentUserId}
                teammates={list.filter((other) => other.id !== user.id && !other.disabled)}
                onResetPassword={() => setResetting(user)}
              />
            ))}
          </ul>
        </Card>
        <PendingInvites initial={initialInvites} />
      </div>
      <div className="space-y-6 lg:col-span-2 lg:self-start">
        <Card className="p-4 sm:p-5">
          <h2 className="text-sm font-semibold text-zinc-900">Invite a teammate</h2>
          <p className="mt-1 text-sm text-zinc-500">They get a one-time link to choose their own name and password.</p>
          <InviteForm />
        </Card>
        <Card className="p-4 sm:p-5">
          <h2 className="text-sm font-semibold text-zinc-900">Or add them with a password</h2>
          <p className="mt-1 text-sm text-zinc-500">Share the password with them yourself; they sign in with their email.</p>
          <AddUserForm />
        </Card>
      </div>
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}

function UserRow({
  user,
  self,
  teammates,
  onResetPassword,
}: {
  user: UserView;
  self: boolean;
  teammates: UserView[];
  onResetPassword: () => void;
}) {
  const update = useUpdateUser();
  const toasts = useToasts();
  // Disabling someone and making them an admin are asked first: both are hard to notice and undo.
  const [asking, setAsking] = useState<"disable" | "promote" | "delete" | null>(null);
  const change = (changes: UserChanges, done: string) =>
    update.mutate(
      { id: user.id, changes },
      {
        onSuccess: () => {
          setAsking(null);
          toasts.show({ tone: "success", title: done });
        },
        onError: () => setAsking(null),
      },
    );
  const roleId = `role-${user.id}`;
  return (
    <li className="flex flex-wrap items-start gap-x-4 gap-y-3 px-4 py-3" data-user-email={user.email}>
      <div className="flex min-w-0 flex-1 basis-56 items-start justify-between gap-3">
        <div className="min-w-0">
          <p className={cn("break-words text-sm font-medium", user.disabled ? "text-zinc-500" : "text-zinc-900")}>
            {user.name}
            {self ? <span className="font-normal text-zinc-500"> (you)</span> : null}
          </p>
          {/* Wraps anywhere rather than hiding under the badges: a long address stays readable. */}
          <p className="break-all text-sm text-zinc-500">{user.email}</p>
          <p className="text-xs text-zinc-500">
            Added <LocalTime iso={user.createdAt} />
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap justify-end gap-1">
          {user.disabled ? <Badge tone="red">Disabled</Badge> : null}
          <Badge tone={user.role === "admin" ? "brand" : "neutral"}>{user.role === "admin" ? "Admin" : "Member"}</Badge>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={roleId} className="sr-only">
          Role for {user.name}
        </label>
        <select
          id={roleId}
          value={user.role}
          disabled={self || update.isPending}
          title={self ? "You cannot change your own role." : undefined}
          onChange={(event) => {
            const role = event.target.value as Role;
            if (role === "admin") setAsking("promote");
            else change({ role }, `${user.name} is now a member.`);
          }}
          className={controlClass(false, { size: "sm", inline: true })}
        >
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
        <Button variant="secondary" size="sm" onClick={onResetPassword} aria-label={`Reset password for ${user.name}`}>
          <KeyRound className="size-4" aria-hidden="true" /> Reset password
        </Button>
        {self ? null : user.disabled ? (
          <Button
            variant="secondary"
            size="sm"
            busy={update.isPending}
            onClick={() => change({ disabled: false }, `${user.name} can sign in again.`)}
            aria-label={`Enable ${user.name}`}
          >
            Enable
          </Button>
        ) : (
          <Button
            variant="danger"
            size="sm"
            busy={update.isPending}
            onClick={() => setAsking("disable")}
            aria-label={`Disable ${user.name}`}
          >
            <UserX className="size-4" aria-hidden="true" /> Disable
          </Button>
        )}
        {self ? null : (
          <Button variant="danger" size="sm" onClick={() => setAsking("delete")} aria-label={`Delete ${user.name}`}>
            <Trash2 className="size-4" aria-hidden="true" /> Delete
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={asking === "disable"}
        title={`Disable ${user.name}?`}
        confirmLabel={`Disable ${user.name}`}
        busy={update.isPending}
        onConfirm={() => change({ disabled: true }, `${user.name} is disabled and signed out everywhere.`)}
        onClose={() => setAsking(null)}
      >
        They are signed out everywhere at once and cannot sign in until an admin enables them again. Their tasks stay.
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === "promote"}
        title={`Make ${user.name} an admin?`}
        confirmLabel="Make admin"
        tone="primary"
        busy={update.isPending}
        onConfirm={() => change({ role: "admin" }, `${user.name} is now an admin.`)}
        onClose={() => setAsking(null)}
      >
        Admins manage everyone: add and disable people, set budgets and model access, approve spending and cancel anyone&rsquo;s tasks.
      </ConfirmDialog>
      {self ? null : <DeleteUserDialog user={user} teammates={teammates} open={asking === "delete"} onClose={() => setAsking(null)} />}
      {update.isError ? (
        <p className="basis-full text-sm text-red-700" role="alert">
          {isApiError(update.error)
            ? (Object.values(update.error.fields)[0] ?? update.error.message)
            : "That did not go through. Try again."}
        </p>
      ) : null}
    </li>
  );
}

const passwordForm = z.strictObject({ password: passwordSchema });

function ResetPasswordDialog({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  return (
    <Dialog open={user !== null} onClose={onClose} title={user ? `Reset ${user.name}'s password` : ""}>
      {user ? <ResetPasswordForm user={user} /> : null}
    </Dialog>
  );
}

function ResetPasswordForm({ user }: { user: UserView }) {
  const update = useUpdateUser();
  const toasts = useToasts();
  const [problem, setProblem] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<{ password: string }>({
    resolver: zodResolver(passwordForm),
    defaultValues: { password: "" },
  });
  const onSubmit = handleSubmit((values, event) => {
    setProblem(null);
    const form = event?.target as HTMLFormElement | undefined;
    update.mutate(
      { id: user.id, changes: { password: values.password } },
      {
        onSuccess: () => {
          toasts.show({ tone: "success", title: `${user.name}'s password was reset.`, body: "They have been signed out everywhere." });
          closeEnclosingDialog(form ?? null);
        },
        onError: (error) => setProblem(applyApiError(error, setError, ["password"])),
      },
    );
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
      <p className="text-sm text-zinc-600">
        {user.name} is signed out everywhere and signs in with the new password. Share it with them yourself.
      </p>
      {problem ? <Alert tone="error" title={problem} /> : null}
      <TextField
        id="reset-password"
        label="New password"
        type="password"
        autoComplete="new-password"
        autoFocus
        error={formState.errors.password?.message}
        help={`At least ${PASSWORD_MIN} characters.`}
        registration={register("password")}
      />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={(event) => closeEnclosingDialog(event.currentTarget)}>
          Cancel
        </Button>
        <Button type="submit" busy={update.isPending}>
          Set password
        </Button>
      </div>
    </form>
  );
}
