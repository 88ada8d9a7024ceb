"use client";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { controlClass } from "@/components/ui/field";
import { isApiError } from "@/lib/client/api";
import { useToasts } from "@/lib/client/toasts";
import { useDeleteUser } from "@/lib/client/users";
import { FORMER_MEMBER_SUFFIX, type UserView } from "@/lib/shared/users";

/**
 * Asks before deleting a teammate, and what becomes of their tasks: handed to another active
 * teammate, or kept under "<name> (former member)".
 */
export function DeleteUserDialog({
  user,
  teammates,
  open,
  onClose,
}: {
  user: UserView;
  /** Who could take the tasks over: active, and not the one being deleted. */
  teammates: UserView[];
  open: boolean;
  onClose: () => void;
}) {
  const remove = useDeleteUser();
  const toasts = useToasts();
  const id = useId();
  const [choice, setChoice] = useState<"keep" | "reassign">("keep");
  const [heir, setHeir] = useState(teammates[0]?.id ?? "");
  const problem = remove.isError
    ? isApiError(remove.error)
      ? (Object.values(remove.error.fields)[0] ?? remove.error.message)
      : "That did not go through. Try again."
    : null;
  const confirm = () => {
    const reassignTo = choice === "reassign" ? heir : null;
    remove.mutate(
      { id: user.id, reassignTo },
      {
        onSuccess: ({ tasksReassigned }) => {
          const to = teammates.find((teammate) => teammate.id === reassignTo)?.name;
          toasts.show({
            tone: "success",
            title: `${user.name} was deleted.`,
            body: to
              ? `${tasksReassigned} ${tasksReassigned === 1 ? "task is" : "tasks are"} now ${to}'s.`
              : `Their tasks stay, shown as "${user.name}${FORMER_MEMBER_SUFFIX}".`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <ConfirmDialog
      open={open}
      title={`Delete ${user.name}?`}
      confirmLabel={`Delete ${user.name}`}
      busy={remove.isPending}
      onConfirm={confirm}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    >
      <p>
        They are signed out everywhere and can never sign in again; <span className="break-all">{user.email}</span> is free for a new
        account. Their own spend limits and model access are removed. This cannot be undone.
      </p>
      <fieldset className="mt-4 space-y-2">
        <legend className="mb-2 font-medium text-zinc-800">Their tasks</legend>
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name={`${id}-tasks`}
            checked={choice === "keep"}
            onChange={() => setChoice("keep")}
            className="mt-0.5 accent-brand-600"
          />
          <span>
            Keep them, shown as &ldquo;{user.name}
            {FORMER_MEMBER_SUFFIX}&rdquo;
          </span>
        </label>
        <label className={teammates.length === 0 ? "flex items-start gap-2 text-zinc-400" : "flex items-start gap-2"}>
          <input
            type="radio"
            name={`${id}-tasks`}
            checked={choice === "reassign"}
            disabled={teammates.length === 0}
            onChange={() => setChoice("reassign")}
            className="mt-0.5 accent-brand-600"
          />
          <span>Give them all to another teammate</span>
        </label>
        {choice === "reassign" ? (
          <div className="pl-6">
            <label htmlFor={`${id}-heir`} className="sr-only">
              Who takes over {user.name}&rsquo;s tasks
            </label>
            <select
              id={`${id}-heir`}
              value={heir}
              onChange={(event) => setHeir(event.target.value)}
              className={controlClass(false, { size: "sm" })}
            >
              {teammates.map((teammate) => (
                <option key={teammate.id} value={teammate.id}>
                  {teammate.name} ({teammate.email})
                </option>
              ))}
            </select>
            <p className="mt-1 text-xs text-zinc-500">Their spend this month then counts toward the new owner&rsquo;s limits.</p>
          </div>
        ) : null}
      </fieldset>
      {problem ? (
        <p className="mt-3 text-red-700" role="alert">
          {problem}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
