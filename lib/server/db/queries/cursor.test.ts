import { describe, expect, it } from "vitest";
import { decodeListCursor, encodeListCursor } from "./cursor";

const ID = "4f1c2b8e-2f6d-4c55-9b1e-2b8a4f6c1d3e";
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("page cursors", () => {
  it("reads back what it wrote", () => {
    expect(decodeListCursor(encodeListCursor({ key: "2026-01-31T10:00:00.000Z", id: ID }), "time")).toEqual({
      key: "2026-01-31T10:00:00.000Z",
      id: ID,
    });
    expect(decodeListCursor(encodeListCursor({ key: "12345", id: ID }), "number")).toEqual({ key: "12345", id: ID });
    expect(decodeListCursor(encodeListCursor({ key: "-20", id: ID }), "number")).toEqual({ key: "-20", id: ID });
    expect(decodeListCursor(encodeListCursor({ key: "12345", id: ID, before: true }), "number")).toEqual({
      key: "12345",
      id: ID,
      before: true,
    });
  });

  it("refuses tampered ones before they reach SQL", () => {
    const tampered: [string, "time" | "number"][] = [
      ["garbage", "time"],
      ["NaN", "number"],
      ["1e999", "number"],
      ["", "time"],
      ["a+b/", "time"],
      [cursorOf(["NaN", ID]), "number"],
      [cursorOf(["1e999", ID]), "number"],
      [cursorOf(["Infinity", ID]), "number"],
      [cursorOf(["99999999999999999999", ID]), "number"],
      [cursorOf(["1.5", ID]), "number"],
      [cursorOf([" 15", ID]), "number"],
      [cursorOf(["2026-01-31T10:00:00Z", ID]), "number"],
      [cursorOf(["15", ID]), "time"],
      [cursorOf(["garbage", ID]), "time"],
      [cursorOf(["0000-01-01T00:00:00Z", ID]), "time"],
      [cursorOf(["+275760-09-13T00:00:00Z", ID]), "time"],
      [cursorOf(["2026-01-31T10:00:00Z", "not-a-uuid"]), "time"],
      [cursorOf(["2026-01-31T10:00:00Z", `${ID}\u0000`]), "time"],
      [cursorOf(["2026-01-31T10:00:00Z", ID, "extra"]), "time"],
      [cursorOf(["2026-01-31T10:00:00Z", ID, "before", "more"]), "time"],
      [cursorOf(["2026-01-31T10:00:00Z", ID, true]), "time"],
      [cursorOf({ key: "2026-01-31T10:00:00Z", id: ID }), "time"],
      [cursorOf([1, ID]), "number"],
      [Buffer.from("[not json").toString("base64url"), "time"],
      ["A".repeat(401), "time"],
    ];
    for (const [value, kind] of tampered) expect(decodeListCursor(value, kind), `${kind} ${value}`).toBeNull();
  });
});
