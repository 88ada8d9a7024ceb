import { afterEach, describe, expect, it, vi } from "vitest";
import { success, type ProviderResult } from "../providers/result";
import { providerFailure } from "../providers/retrying";
import type { Quote, VideoProvider } from "../providers/types";
import { forgetQuotes, loadQuote, QUOTE_TTL_MS, quoteKeyOf } from "./quote-cache";

// Identical price checks share one provider call and a recent answer; failures are not kept; one
// member's refusal (their rate limit) is never handed to another member who joined the same check.

const provider = () => ({ id: "aivideomaker" }) as unknown as VideoProvider;
const price = (credits: number): ProviderResult<Quote> => success({ credits, balance: 100, affordable: true }, 200);

describe("quote cache", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keys by model and input, whatever the order of the input's keys", () => {
    expect(quoteKeyOf("t2v", { prompt: "a", duration: "5", extra: { b: 1, a: 2 } })).toBe(
      quoteKeyOf("t2v", { extra: { a: 2, b: 1 }, duration: "5", prompt: "a" }),
    );
    expect(quoteKeyOf("t2v", { duration: "5" })).not.toBe(quoteKeyOf("t2v", { duration: "10" }));
    expect(quoteKeyOf("t2v", { duration: "5" })).not.toBe(quoteKeyOf("i2v", { duration: "5" }));
  });

  it("shares one call between identical checks, and keeps the price for its time only", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const target = provider();
    const load = vi.fn(async () => price(5));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => loadQuote(target, "key", `user-${index % 3}`, load)));
    expect(answers.every((answer) => answer.ok && answer.data.credits === 5)).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(QUOTE_TTL_MS - 1);
    await loadQuote(target, "key", "user-9", load);
    expect(load).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    await loadQuote(target, "key", "user-9", load);
    expect(load).toHaveBeenCalledTimes(2);

    forgetQuotes(target);
    await loadQuote(target, "key", "user-9", load);
    expect(load).toHaveBeenCalledTimes(3);
    // Another provider client has its own prices.
    await loadQuote(provider(), "key", "user-9", load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it("asks again after a failure", async () => {
    const target = provider();
    const busy = providerFailure({ errorCode: "RATE_LIMITED", errorMessage: "busy", httpStatus: 429, retryAfter: 900 });
    const load = vi.fn(async () => busy);
    expect(await loadQuote(target, "key", "a", load)).toBe(busy);
    expect(await loadQuote(target, "key", "a", load)).toBe(busy);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("hands one member's refusal to that member only: another who joined asks for itself", async () => {
    const target = provider();
    let refuse!: (error: Error) => void;
    const refused = loadQuote(target, "key", "alice", () => new Promise((_, reject) => (refuse = reject)));
    const aliceAgain = loadQuote(target, "key", "alice", async () => price(1));
    const bob = loadQuote(target, "key", "bob", async () => price(7));
    refuse(new Error("Price checks per member: at most 30 per minute."));
    await expect(refused).rejects.toThrow(/at most 30/);
    await expect(aliceAgain).rejects.toThrow(/at most 30/);
    expect(await bob).toMatchObject({ ok: true, data: { credits: 7 } });
  });
});
