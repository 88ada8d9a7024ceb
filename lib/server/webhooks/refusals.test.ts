import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLogDestinationForTests } from "../logger";
import { forgetRefusalsForTests, recentRefusals, recordRefusal, REFUSAL_LOG_INTERVAL_MS } from "./refusals";

// A burst of refused deliveries is a counter per reason and a log line per reason per interval.

describe("refused webhook deliveries", () => {
  let lines: Record<string, unknown>[];

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-11-21T10:00:00Z") });
    forgetRefusalsForTests();
    lines = [];
    setLogDestinationForTests(
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
          done();
        },
      }),
    );
  });
  afterEach(() => {
    setLogDestinationForTests(null);
    forgetRefusalsForTests();
    vi.useRealTimers();
  });

  const refuse = (reason: string, taskId: string | null = null) => recordRefusal({ provider: "aivideomaker", reason, taskId });
  const logged = () => lines.map(({ reason, count }) => ({ reason, count }));

  it("logs the first of a kind at once, then one line an interval with how many followed", () => {
    for (let i = 0; i < 300; i++) refuse("Bad token.");
    expect(logged()).toEqual([{ reason: "Bad token.", count: 1 }]);

    vi.advanceTimersByTime(REFUSAL_LOG_INTERVAL_MS);
    expect(logged()).toEqual([
      { reason: "Bad token.", count: 1 },
      { reason: "Bad token.", count: 299 },
    ]);
    // A quiet interval adds no line, and the next refusal after it is logged at once again.
    vi.advanceTimersByTime(REFUSAL_LOG_INTERVAL_MS * 3);
    expect(lines).toHaveLength(2);
    refuse("Bad token.");
    expect(logged().at(-1)).toEqual({ reason: "Bad token.", count: 1 });
    expect(lines[0]).toMatchObject({ level: 40, event: "webhook_rejected", provider: "aivideomaker" });
  });

  it("keeps one entry per provider and reason with its count, first and last time, and the latest real task", () => {
    refuse("Bad token.", "11111111-1111-4111-8111-111111111111");
    vi.advanceTimersByTime(5000);
    refuse("No such task.");
    vi.advanceTimersByTime(5000);
    refuse("Bad token.");
    recordRefusal({ provider: "apidot", reason: "Bad token.", taskId: null });

    expect(recentRefusals()).toEqual([
      expect.objectContaining({ provider: "apidot", providerLabel: "APIDot", reason: "Bad token.", count: 1 }),
      {
        provider: "aivideomaker",
        providerLabel: "AIVideoMaker",
        reason: "Bad token.",
        count: 2,
        firstAt: "2026-11-21T10:00:00.000Z",
        lastAt: "2026-11-21T10:00:10.000Z",
        taskId: "11111111-1111-4111-8111-111111111111",
      },
      expect.objectContaining({ reason: "No such task.", count: 1, taskId: null }),
    ]);
  });

  it("stays bounded whatever the reasons", () => {
    for (let i = 0; i < 500; i++) refuse(`reason ${i}`);
    expect(recentRefusals()).toHaveLength(100);
    expect(recentRefusals()[0]!.reason).toBe("reason 499");
  });
});
