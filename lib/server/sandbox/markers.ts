import "server-only";

// The sandboxes' prompt knobs, the same in all three: written anywhere in a prompt, one makes the
// task fail after running, the other keeps it waiting in the queue for five minutes, long enough to
// try cancelling it. Product code reaches these through the provider descriptors (the advice shown
// for a failed sandbox task names the marker).

export const SANDBOX_FAIL_MARKER = "[sandbox:fail]";
export const SANDBOX_HOLD_MARKER = "[sandbox:hold]";
export const SANDBOX_HOLD_SECONDS = 300;

/** Whether a prompt (or, for multi-segment models, any of its prompts) contains the marker. */
export function promptHasMarker(prompt: unknown, marker: string): boolean {
  const prompts = Array.isArray(prompt) ? prompt : [prompt];
  return prompts.some((value) => typeof value === "string" && value.includes(marker));
}

export const wantsFailure = (prompt: unknown) => promptHasMarker(prompt, SANDBOX_FAIL_MARKER);
export const wantsHold = (prompt: unknown) => promptHasMarker(prompt, SANDBOX_HOLD_MARKER);

/** How long a new task waits in the queue: a fifth of its run, or the hold marker's five minutes. */
export function queuedMsFor(prompt: unknown, taskSeconds: number): number {
  return wantsHold(prompt) ? SANDBOX_HOLD_SECONDS * 1000 : taskSeconds * 1000 * 0.2;
}
