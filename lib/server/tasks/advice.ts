import "server-only";
import { findDescriptor } from "../providers/registry";

// Plain words for why a task failed and what to do next, by error code. The provider's own message
// is shown beside this; these lines say what the person in front of the screen can do about it.

export type AdviceContext = {
  sandbox: boolean;
  providerLabel: string;
  provider: string;
  /** What the task makes, so the words fit an image model too. */
  output: "video" | "image";
  /** Credits the provider gave back, when it said (some never document refunds). */
  refunded: number | null;
};

export function adviceFor(errorCode: string | null, context: AdviceContext): string {
  switch (errorCode) {
    case "INSUFFICIENT_CREDITS": {
      if (context.sandbox) {
        return "The sandbox account has run out of credits. Choose a shorter video, or restart Cutroom with a larger SANDBOX_CREDITS.";
      }
      const billing = findDescriptor(context.provider)?.billingUrl;
      return billing
        ? `The ${context.providerLabel} account does not have enough credits. An admin can recharge it at ${billing} (Billing / Credits), then re-run.`
        : `The ${context.providerLabel} account does not have enough credits. An admin can top it up on the provider's site; or choose a shorter duration or a cheaper model, then re-run.`;
    }
    case "SUBMIT_UNCONFIRMED":
      // No word on refunds: whether the provider charged, and whether it gives anything back, is
      // only known there.
      return `Check the ${context.providerLabel} dashboard before re-running: if the task is there, it runs there and Cutroom does not follow it, and re-running makes a second one, charged again. Re-run only if it is not there.`;
    case "AUTH_FAILED":
      return `${context.providerLabel} refused the server's API key. An admin should check the key in Cutroom's settings.`;
    case "INVALID_PAYLOAD":
      return "The provider did not accept these settings. Check the fields, change what it points out, and re-run.";
    case "INVALID_MODEL":
      return `${context.providerLabel} does not offer this model to this account (any more). Choose another model and re-run.`;
    case "BUDGET_EXCEEDED":
      return "The price was above what Cutroom agreed to pay, so the task did not run and costs nothing. Check the price on the form (it may have changed), or choose a shorter duration or a cheaper model, and re-run.";
    case "RATE_LIMITED":
      return "The provider is busy right now. Wait a minute and re-run.";
    case "NETWORK_ERROR":
      return "Cutroom could not reach the provider for a long time. Check the server's network, then re-run.";
    case "TASK_NOT_FOUND":
      return "The provider no longer knows this task. If an admin changed the provider's API key while it ran, that is why. Re-run it to generate again.";
    case "GENERATION_FAILED":
      if (context.sandbox) {
        const marker = findDescriptor(context.provider)?.sandbox.failMarker;
        return `The sandbox fails any task whose prompt contains ${marker}. Remove it and re-run.`;
      }
      return `The provider could not generate this ${context.output}${context.refunded ? ` and gave back ${context.refunded} credits` : ""}. Try rephrasing the prompt or using another image, then re-run.`;
    case "OUTPUT_REFUSED":
      return "Cutroom keeps only videos and images from public addresses. If this provider runs on your own network, an admin can allow its host in PROVIDER_OUTPUT_ALLOW_PRIVATE for the tasks to come; otherwise tell the provider.";
    case "OUTPUT_UNREADABLE":
      return `The provider sent a file that does not play as a ${context.output}. Re-check in case it was still being written; otherwise re-run the task.`;
    case "OUTPUT_GONE":
      return "The provider keeps outputs only for a while, and this one is no longer there. Re-check in case it comes back; otherwise re-run the task.";
    case "APPROVAL_REFUSED":
      return "An admin refused it before anything was sent, so it cost nothing. Talk to them, or change the settings (a cheaper model, a shorter video) and generate again.";
    case "APPROVAL_EXPIRED":
      return "No admin approved it in time, so it was never sent and cost nothing. Generate it again, or ask an admin to look at the queue.";
    case "EXPIRED":
      return "The provider took far longer than this model usually does. Re-run it; if it happens again, the provider may be having trouble.";
    default:
      return "Re-run the task. If it keeps failing, tell an admin.";
  }
}
