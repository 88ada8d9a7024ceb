// How a raw choice value (what a provider takes on the wire: "text-image", "pro", "4k") reads to a
// person. Every place that shows a choice (the Generate form's options, a task's settings) asks
// this, so one value reads the same everywhere; the value sent stays the raw one.

const KNOWN: Record<string, string> = {
  "text-image": "Text and image",
  reference: "Reference images",
  frames: "First and last frames",
  frame: "First and last frames",
  standard: "Standard",
  pro: "Pro",
  auto: "Auto",
  "16:9": "16:9 landscape",
  "9:16": "9:16 portrait",
  "1:1": "1:1 square",
  true: "On",
  false: "Off",
  "": "Default",
};

// One or more lower-case words joined by "-" or "_" ("first_last", "slow-motion"): words to a person.
const WORDS = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

/**
 * A choice value as a label: a known value by name ("text-image" -> "Text and image"), resolutions
 * in their usual spelling ("4k" -> "4K", "720P" -> "720p"), other snake or kebab words as a phrase
 * ("slow_motion" -> "Slow motion"), and anything else (numbers, ratios, "1080p") as it is.
 */
export function choiceLabel(value: string | number | boolean): string {
  const text = String(value);
  const known = KNOWN[text];
  if (known !== undefined) return known;
  if (/^\d+k$/.test(text)) return text.toUpperCase();
  if (/^\d+P$/.test(text)) return text.toLowerCase();
  if (WORDS.test(text)) {
    const words = text.replace(/[-_]+/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return text;
}
