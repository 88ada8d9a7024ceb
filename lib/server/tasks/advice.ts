import "server-only";
import { findDescriptor } from "../providers/registry";

// Plain words for why a task failed and what to do next, by error code. The provider's own message
// is shown beside this; these lines say what the person in front of the screen can do about it.

export function adviceFor(errorCode: string | null, context: { sandbox: boolean; providerLabel: string; provider?: string }): string {
  switch (errorCode) {
    case "INSUFFICIENT_CREDITS": {
      if (context.sandbox) {
        return "The sandbox account has run out of credits. Choose a shorter video, or restart Cutroom with a larger SANDBOX_CREDITS.";
      }
      const billing = context.provider ? findDescriptor(context.provider)?.billingUrl : undefined;
      return billing
        ? `The ${context.providerLabel} account does not have enough credits. An admin can recharge it at ${billing} (Billing / Credits), then re-run.`
        : `The ${context.providerLabel} account does not have enough credits. An admin can top it up on the provider's site; or choose a shorter duration or a cheaper model, then re-run.`;
    }
    case "SUBMIT_UNCONFIRMED":
      return `Check the ${context.providerLabel} dashboard: if the task is there, it will finish there. Otherwise re-run it.`;
    case "AUTH_FAILED":
      return `${context.providerLabel} refused the server's API key. An admin should check the key in Cutroom's settings.`;
    case "INVALID_PAYLOAD":
    case "INVALID_MODEL":
      return "The provider did not accept these settings. Check the fields, change what it points out, and re-run.";
    case "BUDGET_EXCEEDED":
      return "The price was above the spending cap. Choose a shorter duration or a cheaper model.";
    case "RATE_LIMITED":
      return "The provider is busy right now. Wait a minute and re-run.";
    case "NETWORK_ERROR":
      return "Cutroom could not reach the provider for a long time. Check the server's network, then re-run.";
    case "TASK_NOT_FOUND":
      return "The provider no longer knows this task. Re-run it to generate again.";
    case "GENERATION_FAILED":
      return context.sandbox
        ? `The sandbox fails any task whose prompt contains ${(context.provider && findDescriptor(context.provider)?.sandbox.failMarker) || "[sandbox:fail]"}. Remove it and re-run.`
        : "The provider could not generate this video and refunded its credits. Try rephrasing the prompt or using another image, then re-run.";
    case "OUTPUT_REFUSED":
      return "Cutroom keeps only videos and images from public addresses. If this provider runs on your own network, an admin can allow its host in PROVIDER_OUTPUT_ALLOW_PRIVATE for the tasks to come; otherwise tell the provider.";
    case "EXPIRED":
      return "The provider took far longer than this model usually does. Re-run it; if it happens again, the provider may be having trouble.";
    default:
      return "Re-run the task. If it keeps failing, tell an admin.";
  }
}
