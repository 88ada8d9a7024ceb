"use client";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";

// What Generate says after a submit (sent, refused, a duplicate in flight), what a price refuses
// (over a limit, not enough credits) and where a re-run started from. None of it is on screen when
// a person opens Generate to type a prompt, so its code loads the first time it has something to say.

export type Problem = { message: string; taskId?: string; duplicateOf?: string | null };
/** The task (or variants) just sent: the form stays, with its settings, and says where they are. */
export type Sent = { id: string; count: number; providerLabel: string };

export function SubmitOutcome({
  problem,
  sent,
  overBudget,
  unaffordable,
  sandbox,
  sending,
  onForce,
}: {
  problem: Problem | null;
  sent: Sent | null;
  /** The budgets' refusal of this request, in their words. */
  overBudget: string | null;
  unaffordable: boolean;
  sandbox: boolean;
  sending: boolean;
  /** Send it again although the same request is still in flight. */
  onForce: () => void;
}) {
  return (
    <>
      {problem ? (
        <Alert tone={problem.duplicateOf !== undefined ? "warning" : "error"} title={problem.message}>
          {problem.duplicateOf !== undefined ? (
            <div className="mt-2 flex flex-wrap gap-2">
              {problem.duplicateOf ? (
                <Link className={buttonClass("secondary", "sm")} href={`/tasks/${problem.duplicateOf}`}>
                  Open the running one
                </Link>
              ) : null}
              <Button variant="ghost" size="sm" busy={sending} onClick={onForce}>
                Generate another anyway
              </Button>
            </div>
          ) : problem.taskId ? (
            <Link className="font-medium underline" href={`/tasks/${problem.taskId}`}>
              See the failed task
            </Link>
          ) : null}
        </Alert>
      ) : null}
      {sent && !problem ? (
        <p
          role="status"
          className="flex flex-wrap items-center gap-x-2 gap-y-1 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
        >
          <span>
            {sent.count > 1 ? `${sent.count} variants sent` : "Sent"} to {sent.providerLabel}. {sent.count > 1 ? "They are" : "It is"} in
            your recent tasks; change anything and generate again.
          </span>
          <Link href={`/tasks/${sent.id}`} className="font-medium underline" data-task-id={sent.id}>
            {sent.count > 1 ? "Open the first" : "Open the task"}
          </Link>
        </p>
      ) : null}
      {overBudget && !problem ? (
        <Alert tone="warning" title={overBudget}>
          Choose a shorter or cheaper video, wait for the reset, or ask an admin to raise the limit.
        </Alert>
      ) : null}
      {unaffordable ? (
        <Alert tone="warning" title="Not enough credits for this.">
          {sandbox
            ? "The sandbox balance is too low. Choose a shorter video, or restart Cutroom with a larger SANDBOX_CREDITS."
            : "Ask an admin to top up the provider account, or choose a shorter duration or a cheaper model."}
        </Alert>
      ) : null}
    </>
  );
}

/** The form was filled in from an earlier task (Re-run) or starts from an earlier result (Use as input). */
export function StartNotice({ fromTask }: { fromTask?: string }) {
  return fromTask ? (
    <Alert tone="info" title="Filled in from an earlier task.">
      Change anything you like, then generate.{" "}
      <Link className="font-medium underline" href={`/tasks/${fromTask}`}>
        See the original
      </Link>
    </Alert>
  ) : (
    <Alert tone="info" title="Starting from an earlier result.">
      Its image is the first frame of this video: describe what happens next, or choose another model that takes an image.
    </Alert>
  );
}
