import { describe, expect, it } from "vitest";
import { TASK_STATES } from "@/lib/shared/tasks";
import { canAdopt, canMove, canMoveAdopting } from "./state-machine";

describe("task state rules", () => {
  it("moves forward only, and never out of a terminal state but expired, which the provider's final word may settle", () => {
    const allowed = TASK_STATES.flatMap((from) => TASK_STATES.filter((to) => canMove(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      [
        // Waiting for approval: sent (approved), refused or withdrawn, timed out; never to a provider state.
        "awaiting_approval->pending",
        "awaiting_approval->canceled",
        "awaiting_approval->expired",
        "awaiting_approval->failed",
        "pending->queued",
        "pending->running",
        "pending->succeeded",
        "pending->failed",
        "pending->canceled",
        "pending->expired",
        "queued->running",
        "queued->succeeded",
        "queued->failed",
        "queued->canceled",
        "queued->expired",
        "running->succeeded",
        "running->failed",
        "running->canceled",
        "running->expired",
        "expired->succeeded",
        "expired->failed",
        "expired->canceled",
      ].sort(),
    );
  });

  it("lets only a task that never learnt its provider task be adopted: pending, or failed SUBMIT_UNCONFIRMED", () => {
    const task = (state: (typeof TASK_STATES)[number], errorCode: string | null = null, providerTaskId: string | null = null) => ({
      state,
      errorCode,
      providerTaskId,
    });
    const adoptable = TASK_STATES.flatMap((state) =>
      [null, "SUBMIT_UNCONFIRMED", "GENERATION_FAILED"].filter((code) => canAdopt(task(state, code))).map((code) => `${state}:${code}`),
    );
    expect(adoptable.sort()).toEqual([
      "failed:SUBMIT_UNCONFIRMED",
      "pending:GENERATION_FAILED",
      "pending:SUBMIT_UNCONFIRMED",
      "pending:null",
    ]);
    // Once it has a provider task, nothing adopts it again.
    expect(canAdopt(task("pending", null, "gen_1"))).toBe(false);
    expect(canAdopt(task("failed", "SUBMIT_UNCONFIRMED", "gen_1"))).toBe(false);

    const from = (state: (typeof TASK_STATES)[number], code: string | null) =>
      TASK_STATES.filter((to) => canMoveAdopting(task(state, code), to)).sort();
    // The unconfirmed failure is Cutroom's verdict: the provider's state replaces it, whatever it is.
    expect(from("failed", "SUBMIT_UNCONFIRMED")).toEqual(["canceled", "failed", "queued", "running", "succeeded"]);
    expect(from("pending", null)).toEqual(["canceled", "failed", "queued", "running", "succeeded"]);
    expect(from("failed", "GENERATION_FAILED")).toEqual([]);
    expect(from("succeeded", null)).toEqual([]);
  });
});
