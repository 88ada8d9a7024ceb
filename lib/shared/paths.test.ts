import { describe, expect, it } from "vitest";
import { safeNextPath } from "./paths";

// What a hostile `next` can look like once the browser or Next.js has decoded the query string.
export const HOSTILE_NEXT_PATHS = [
  "https://evil.example",
  "http:evil.example",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/ /evil.example",
  "/\u00a0/evil.example",
  "/\u2028/evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  " /tasks",
  "/tasks ",
  "javascript:alert(1)",
  "data:text/html,x",
  "tasks",
  "/signin",
  "/signin?next=/tasks",
  "/api/auth/signout",
  "",
  "/" + "a".repeat(3000),
  "/%ZZ",
  "/%",
  "/tasks?q=%E0%A4%A",
];

describe("return path after sign-in", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeNextPath("/tasks?cursor=x")).toBe("/tasks?cursor=x");
    expect(safeNextPath("/tasks?state=failed&q=fail#top")).toBe("/tasks?state=failed&q=fail#top");
    expect(safeNextPath(["/gallery", "//evil.example"])).toBe("/gallery");
    // Encoded slashes stay encoded: a path of ours, not another host.
    expect(safeNextPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeNextPath("/./tasks")).toBe("/tasks");
    expect(safeNextPath("/a/../..//evil.example")).toBe("/generate");
  });

  it.each(HOSTILE_NEXT_PATHS)("refuses %j", (bad) => {
    expect(safeNextPath(bad)).toBe("/generate");
  });

  it("refuses missing values", () => {
    expect(safeNextPath(undefined)).toBe("/generate");
    expect(safeNextPath(null)).toBe("/generate");
    expect(safeNextPath([])).toBe("/generate");
  });
});
