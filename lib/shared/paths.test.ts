import { describe, expect, it } from "vitest";
import { safeNextPath } from "./paths";

describe("return path after sign-in", () => {
  it("keeps same-site paths and drops everything else", () => {
    expect(safeNextPath("/tasks?cursor=x")).toBe("/tasks?cursor=x");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "tasks", "/signin", undefined, ""]) {
      expect(safeNextPath(bad)).toBe("/generate");
    }
  });
});
