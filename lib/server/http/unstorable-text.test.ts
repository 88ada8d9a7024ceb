import { describe, expect, it } from "vitest";
import { findUnstorableText } from "./unstorable-text";

describe("text Postgres cannot store", () => {
  it("finds a NUL or an unpaired surrogate anywhere, by its field path", () => {
    expect(findUnstorableText({ input: { prompt: "a\u0000b" } })).toBe("input.prompt");
    expect(findUnstorableText({ list: ["fine", { deep: ["\ud800"] }] })).toBe("list.1.deep.0");
    expect(findUnstorableText({ tail: "x\udc00" })).toBe("tail");
    expect(findUnstorableText({ ["key\u0000"]: 1 })).toBe("key\\0");
    expect(findUnstorableText("\u0000")).toBe("_form");
  });

  it("passes everything else, surrogate pairs and other controls included", () => {
    expect(findUnstorableText({ a: "🌊 Été", b: ["\u0001", "\t\n"], c: 5, d: null, e: true, f: [] })).toBeNull();
    expect(findUnstorableText(undefined)).toBeNull();
  });

  it("walks a body nested deeper than the stack without overflowing", () => {
    const deep = JSON.parse(`${"[".repeat(200_000)}"\\u0000"${"]".repeat(200_000)}`);
    expect(findUnstorableText(deep)?.split(".").length).toBe(200_000);
    expect(findUnstorableText(JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`))).toBeNull();
  });
});
