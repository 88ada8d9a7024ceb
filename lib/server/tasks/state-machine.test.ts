import { describe, expect, it } from "vitest";
import { TASK_STATES } from "@/lib/shared/tasks";
import { canMove } from "./state-machine";

describe("task state rules", () => {
  it("moves forward only, and never out of a terminal state but expired, which the provider's final word may settle", () => {
    const allowed = TASK_STATES.flatMap((from) => TASK_STATES.filter((to) => canMove(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      [
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
});
