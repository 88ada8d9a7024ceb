import { describe, expect, it } from "vitest";
import { createFaultState } from "./faults";
import { planDeliveries } from "./outbox";

const task = { id: "ckabc", webhookUrl: "http://127.0.0.1:9/hook" };
const now = new Date("2030-01-01T00:00:00Z");

describe("sandbox webhook plans", () => {
  it("sends each status once, in order, by default", () => {
    const rows = planDeliveries(createFaultState(), task, ["PROGRESS", "COMPLETED"], now);
    expect(rows.map((row) => row.status)).toEqual(["PROGRESS", "COMPLETED"]);
    expect(rows[0]!.deliverAfter.getTime()).toBeLessThan(rows[1]!.deliverAfter.getTime());
  });

  it("sends nothing without a webhook URL, or for a dropped task", () => {
    expect(planDeliveries(createFaultState(), { ...task, webhookUrl: null }, ["PROGRESS"], now)).toEqual([]);
    expect(planDeliveries(createFaultState({ webhooks: { dropRate: 1 } }), task, ["PROGRESS"], now)).toEqual([]);
  });

  it("drops a steady share of tasks, decided by each task's id", () => {
    const faults = createFaultState({ webhooks: { dropRate: 0.2 } });
    const dropped = Array.from({ length: 2000 }, (_, index) => faults.dropsWebhooksOf(`ck${index}`)).filter(Boolean).length;
    expect(dropped).toBeGreaterThan(320);
    expect(dropped).toBeLessThan(480);
    expect(faults.dropsWebhooksOf("ck7")).toBe(faults.dropsWebhooksOf("ck7"));
  });

  it("duplicates, delays, shuffles, and repeats stale statuses after the final one", () => {
    let seed = 0.9;
    const faults = createFaultState(
      { webhooks: { duplicates: 3, delayMs: 1000, reorder: true, staleRepeats: true } },
      () => (seed = (seed * 7.3) % 1),
    );
    const rows = planDeliveries(faults, task, ["PROGRESS", "COMPLETED"], now);
    expect(rows.filter((row) => row.status === "COMPLETED")).toHaveLength(3);
    // Three copies of each real change, then one stale repeat of each earlier status.
    expect(rows.filter((row) => row.status === "PROGRESS")).toHaveLength(4);
    expect(rows.filter((row) => row.status === "SUBMITTED")).toHaveLength(1);
    expect(Math.min(...rows.map((row) => row.deliverAfter.getTime()))).toBeGreaterThanOrEqual(now.getTime() + 1000);
    const lastFinal = Math.max(...rows.filter((row) => row.status === "COMPLETED").map((row) => row.deliverAfter.getTime()));
    const stale = rows.slice(-2);
    expect(stale.map((row) => row.status)).toEqual(["SUBMITTED", "PROGRESS"]);
    expect(stale.every((row) => row.deliverAfter.getTime() > lastFinal)).toBe(true);
  });
});

describe("sandbox fault state", () => {
  it("runs a 429 storm for its length only", async () => {
    const faults = createFaultState({ rateLimitStorm: { seconds: 0.05, retryAfterSeconds: 7 } });
    expect(faults.stormRetryAfter("status")).toBe(7);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(faults.stormRetryAfter("status")).toBeNull();
  });

  it("storms the task queries, or the endpoints it names", () => {
    const queries = createFaultState({ rateLimitStorm: { seconds: 60, retryAfterSeconds: 7 } });
    expect(queries.stormRetryAfter("list")).toBe(7);
    expect(queries.stormRetryAfter("quote")).toBeNull();
    const quotes = createFaultState({ rateLimitStorm: { seconds: 60, retryAfterSeconds: 900, endpoints: ["quote"] } });
    expect(quotes.stormRetryAfter("quote")).toBe(900);
    expect(quotes.stormRetryAfter("status")).toBeNull();
    expect(quotes.stormRetryAfter("generate")).toBeNull();
  });

  it("injects errors and hangs at the configured rates", () => {
    const faults = createFaultState({ errorRate: { generate: 1 }, hangRate: { list: 1 } });
    expect(faults.shouldError("generate")).toBe(true);
    expect(faults.shouldError("list")).toBe(false);
    expect(faults.shouldHang("list")).toBe(true);
  });
});
