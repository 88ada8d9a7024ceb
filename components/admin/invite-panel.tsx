"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { MailX } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { CopyButton } from "@/components/tasks/copy-button";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field, controlClass, describedBy } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { TextField } from "@/components/ui/text-field";
import { isApiError } from "@/lib/client/api";
import { applyApiError } from "@/lib/client/form-errors";
import { useCreateInvite, useInvites, useRevokeInvite } from "@/lib/client/invites";
import { useToasts } from "@/lib/client/toasts";
import { INVITE_TTL_DAYS, inviteSchema, type InviteInput, type InviteView } from "@/lib/shared/invites";

const FIELDS = ["email", "role"] as const;

/** Admin > Users: invite by email and role; the one-time link is shown once, to copy and send. */
export function InviteForm() {
  const create = useCreateInvite();
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<{ email: string; link: string } | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<InviteInput>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { email: "", role: "member" },
  });
  const { errors } = formState;
  const onSubmit = handleSubmit((values) => {
    setProblem(null);
    setMade(null);
    create.mutate(values, {
      onSuccess: ({ invite, link }) => {
        setMade({ email: invite.email, link });
        reset();
      },
      onError: (error) => setProblem(applyApiError(error, setError, FIELDS)),
    });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
      {problem ? <Alert tone="error" title={problem} /> : null}
      {made ? (
        <Alert tone="success" title={`Invitation link for ${made.email}`}>
          <p>Shown this once: copy it and send it to them yourself. It works once, for {INVITE_TTL_DAYS} days.</p>
          <label htmlFor="invite-link" className="sr-only">
            Invitation link
          </label>
          <input
            id="invite-link"
            readOnly
            value={made.link}
            onFocus={(event) => event.currentTarget.select()}
            className={cn(controlClass(false, { size: "sm" }), "mt-2 font-mono text-xs")}
          />
          <div className="mt-2">
            <CopyButton text={made.link} label="Copy link" />
          </div>
        </Alert>
      ) : null}
      <TextField
        id="invite-email"
        label="Email"
        type="email"
        autoComplete="off"
        error={errors.email?.message}
        registration={register("email")}
      />
      <Field id="invite-role" label="Role" error={errors.role?.message}>
        <select
          id="invite-role"
          className={controlClass(Boolean(errors.role))}
          aria-describedby={describedBy("invite-role", errors.role?.message, false)}
          {...register("role")}
        >
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </Field>
      <Button type="submit" busy={create.isPending} className="w-full">
        Create invitation link
      </Button>
    </form>
  );
}

/** Invitations not yet used, with when each stops working; any can be withdrawn. */
export function PendingInvites({ initial }: { initial: InviteView[] }) {
  const invites = useInvites(initial);
  const list = invites.data ?? initial;
  if (list.length === 0) return null;
  return (
    <Card className="overflow-hidden">
      <div className="border-b border-zinc-200 px-4 py-3">
        <h2 className="text-sm font-semibold text-zinc-900">Pending invitations ({list.length})</h2>
      </div>
      <ul className="divide-y divide-zinc-100">
        {list.map((invite) => (
          <InviteRow key={invite.id} invite={invite} />
        ))}
      </ul>
    </Card>
  );
}

function InviteRow({ invite }: { invite: InviteView }) {
  const revoke = useRevokeInvite();
  const toasts = useToasts();
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3" data-invite-email={invite.email}>
      <div className="min-w-0 flex-1 basis-56">
        <p className="break-all text-sm font-medium text-zinc-900">{invite.email}</p>
        <p className="text-xs text-zinc-500">
          Invited by {invite.invitedBy} · link works until <LocalTime iso={invite.expiresAt} />
        </p>
      </div>
      <Badge tone={invite.role === "admin" ? "brand" : "neutral"}>{invite.role === "admin" ? "Admin" : "Member"}</Badge>
      <Button
        variant="danger"
        size="sm"
        busy={revoke.isPending}
        aria-label={`Withdraw the invitation for ${invite.email}`}
        onClick={() =>
          revoke.mutate(invite.id, {
            onSuccess: () => toasts.show({ tone: "success", title: `The link for ${invite.email} no longer works.` }),
          })
        }
      >
        <MailX className="size-4" aria-hidden="true" /> Withdraw
      </Button>
      {revoke.isError ? (
        <p className="basis-full text-sm text-red-700" role="alert">
          {isApiError(revoke.error) ? revoke.error.message : "That did not go through. Try again."}
        </p>
      ) : null}
    </li>
  );
}
