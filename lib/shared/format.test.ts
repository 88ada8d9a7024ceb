import { describe, expect, it } from "vitest";
import { shortTitle } from "./format";

describe("shortTitle", () => {
  it("keeps a short prompt whole, on one line", () => {
    expect(shortTitle("  A red fox\n in the snow  ")).toBe("A red fox in the snow");
  });

  it("cuts a long prompt at a word, with an ellipsis, within the limit", () => {
    const title = shortTitle("A slow dolly shot through a rain-soaked neon market at night, steam rising from the stalls", 40);
    expect(title).toBe("A slow dolly shot through a rain-soaked…");
    expect(title.length).toBeLessThanOrEqual(40);
  });

  it("cuts a single long word where it must", () => {
    expect(shortTitle("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
