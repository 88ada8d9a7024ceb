import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import { isStorableTime, optionalDateTime, pageCursor } from "./list-params";
import { hasControlCharacters, optionalText, withoutControlCharacters } from "./validation";

const issues = (schema: z.ZodMiniType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

describe("shared input checks", () => {
  it("finds control characters; line breaks count only in one-line text", () => {
    for (const text of ["a\u0000b", "\u0001", "\u001b[31m", "\u007f", "\u0085", "tab\there"])
      expect(hasControlCharacters(text), text).toBe(true);
    for (const text of ["", "plain", "Été 🌊", "\u00a0non-breaking", "quote ' and \\"])
      expect(hasControlCharacters(text), text).toBe(false);
    expect(hasControlCharacters("line\n\tnext\r\n", { multiline: true })).toBe(false);
    expect(hasControlCharacters("line\u0000", { multiline: true })).toBe(true);
    expect(hasControlCharacters("line\u000b", { multiline: true })).toBe(true);
    expect(withoutControlCharacters("a\u0000b\tc\u0085.png")).toBe("abc.png");
  });

  it("refuses control characters in filter text", () => {
    expect(issues(optionalText(100), "t2v\u0000")).toEqual([expect.stringMatching(/control characters/)]);
    expect(optionalText(100).parse("  t2v ")).toBe("t2v");
  });

  it("keeps times to the years both databases store", () => {
    const from = optionalDateTime("Use an ISO date and time.");
    for (const value of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-23:59", "0999-12-31T23:59:59Z"]) {
      expect(issues(from, value), value).toEqual(["Use a date between the years 1000 and 9999."]);
    }
    for (const value of ["+275760-09-13T00:00:00Z", "0000-01-01", "2026-02-30T00:00:00Z", "garbage"]) {
      // The first message is the one a field shows (fieldErrorsFromZod).
      expect(issues(from, value)[0], value).toBe("Use an ISO date and time.");
    }
    expect(from.parse("1999-12-31T00:00:00+02:00")).toBe("1999-12-31T00:00:00+02:00");
    expect(isStorableTime("9999-12-31T23:59:59Z")).toBe(true);
    expect(isStorableTime("not a time")).toBe(false);
  });

  it("takes only base64url page cursors", () => {
    for (const value of ["not base64!", "a+b/c==", "%00", "\u0000"])
      expect(issues(pageCursor, value), value).toEqual([expect.stringMatching(/not valid/)]);
    expect(pageCursor.parse("WyIxIiwiMiJd")).toBe("WyIxIiwiMiJd");
  });
});
