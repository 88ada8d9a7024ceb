/** A same-site path to return to after sign-in; anything else (other hosts, "//x") becomes /generate. */
export function safeNextPath(value: string | string[] | undefined | null): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || path.startsWith("/signin")) return "/generate";
  return path;
}
