import type { core } from "zod";

type SafeParsed = { success: true } | { success: false; error: { issues: readonly core.$ZodIssue[] } };

/**
 * A safeParse result as "path: message" lines ([] when it passed), so a test asserts why input is
 * refused rather than only that it is, and a wrong refusal says what it was.
 */
export function issuesOf(result: SafeParsed): string[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const at = issue.path.join(".") || "(root)";
    return issue.code === "unrecognized_keys" ? `${at}: unknown ${issue.keys.join(", ")}` : `${at}: ${issue.message}`;
  });
}
