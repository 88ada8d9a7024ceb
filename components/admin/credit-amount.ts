/** A credits box as typed: empty is null, digits (with commas or spaces) a number, anything else "bad". */
export function parseAmount(text: string): number | null | "bad" {
  const trimmed = text.trim().replace(/[,\s]/g, "");
  if (trimmed === "") return null;
  if (!/^\d+$/.test(trimmed)) return "bad";
  return Number(trimmed);
}

export const BAD_AMOUNT = "Enter a whole number of credits, or leave it empty.";
