import "server-only";
import { fileTypeFromBuffer } from "file-type";
import type { Context } from "hono";
import { APIDOT_MODELS, type ApidotModel } from "@/lib/shared/catalog/apidot";
import { has, isHttpUrl, type Input } from "./field-checks";
import { MODEL_RULES, REFUSED_FIELDS } from "./model-rules";
import { holdsNul } from "../storable";
import { invalid } from "./wire";

// The submit body checked on the wire: its envelope, the model, the fields the model takes and its
// rules, and the image links that point at this machine (Cutroom's signed upload links), fetched to
// prove they serve an image.

const MODELS = new Map<string, ApidotModel>(APIDOT_MODELS.map((model) => [model.id, model]));
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp"]);
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);
const IMAGE_FIELDS = ["image_urls", "reference_image_urls"];

/** Why a link at this machine does not serve an image, or null when it does (or is elsewhere). */
async function unfetchableImage(link: string): Promise<string | null> {
  if (!LOCAL_HOSTS.has(new URL(link).hostname)) return null;
  try {
    const response = await fetch(link, { redirect: "error", signal: AbortSignal.timeout(5000) });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return `HTTP ${response.status}`;
    }
    const sniffed = await fileTypeFromBuffer(Buffer.from(await response.arrayBuffer()));
    return sniffed && IMAGE_TYPES.has(sniffed.mime) ? null : "HTTP 200, not a PNG, JPEG or WebP image";
  } catch {
    return "network error";
  }
}

export type CheckedSubmit = { model: ApidotModel; input: Input; callbackUrl: string | null };

/** The checked submit, or the 400 to send. */
export async function checkSubmit(c: Context): Promise<CheckedSubmit | Response> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return invalid(c, "The request body must be valid JSON.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return invalid(c, "The request body must be a JSON object.");
  if (holdsNul(body)) return invalid(c, "The request body must not contain NUL characters.");
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (!["model", "callback_url", "input"].includes(key)) return invalid(c, `Unknown field ${key}`);
  if (typeof fields.model !== "string" || !fields.model) return invalid(c, "model is required");
  const model = MODELS.get(fields.model);
  if (!model) return invalid(c, `Unsupported model: ${fields.model}`);
  if (has(fields, "callback_url") && !isHttpUrl(fields.callback_url)) return invalid(c, "callback_url must be an http(s) URL");
  if (!fields.input || typeof fields.input !== "object" || Array.isArray(fields.input)) return invalid(c, "input must be an object");
  const input = fields.input as Input;
  const refused = REFUSED_FIELDS[model.id];
  if (refused && refused.fields.some((name) => has(input, name))) return invalid(c, refused.message);
  const allowed = new Set(model.fields.map((field) => field.name));
  for (const key of Object.keys(input)) if (!allowed.has(key)) return invalid(c, `Unknown field input.${key}`);
  if (typeof input.prompt !== "string" || !input.prompt.trim())
    return invalid(c, "input.prompt is required and must be a non-empty string");
  const error = MODEL_RULES[model.id]?.(input);
  if (error) return invalid(c, error);
  for (const name of IMAGE_FIELDS) {
    const links = Array.isArray(input[name]) ? (input[name] as string[]) : [];
    for (const [index, link] of links.entries()) {
      const reason = await unfetchableImage(link);
      if (reason) return invalid(c, `${name}[${index}] could not be fetched as an image (${reason})`);
    }
  }
  return { model, input, callbackUrl: has(fields, "callback_url") ? (fields.callback_url as string) : null };
}
