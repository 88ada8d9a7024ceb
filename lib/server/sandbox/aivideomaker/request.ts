import "server-only";
import type { Context } from "hono";
import { holdsNul } from "../storable";
import { DEFAULT_SUPPORTED_MODELS, SANDBOX_MODEL_SCHEMAS, isSandboxModel, type SandboxModel } from "./contract";
import type { FaultState } from "./faults";
import { fail } from "./wire";

// Request checks of the quote and generate endpoints: the model in the path (one the account
// supports), then the body against that model's schema, refused in the vendor's words
// (400 INVALID_MODEL, 400 INVALID_PAYLOAD).

/** The account's `supportedModels`: the live list unless a fault knob says otherwise. */
export const supportedModels = (faults: FaultState): readonly string[] => faults.current.supportedModels ?? DEFAULT_SUPPORTED_MODELS;

async function readBody(c: Context): Promise<Record<string, unknown> | Response> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (holdsNul(parsed)) return fail(c, 400, "INVALID_PAYLOAD", "Request body must not contain NUL characters.");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the same refusal
  }
  return fail(c, 400, "INVALID_PAYLOAD", "Request body must be a JSON object.");
}

export async function validatedRequest(
  c: Context,
  faults: FaultState,
): Promise<{ model: SandboxModel; body: Record<string, unknown> } | Response> {
  const model = c.req.param("model") ?? "";
  // A model the account does not list is answered like an unknown one (the live answer for a model
  // left out of supportedModels is not published; this is the likeliest).
  if (!isSandboxModel(model) || !supportedModels(faults).includes(model))
    return fail(c, 400, "INVALID_MODEL", `Unsupported model: ${model}`);
  const raw = await readBody(c);
  if (raw instanceof Response) return raw;
  const parsed = SANDBOX_MODEL_SCHEMAS[model].safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map((part) => (typeof part === "number" ? part : String(part))),
      message: issue.message,
    }));
    return fail(c, 400, "INVALID_PAYLOAD", "Invalid payload", { issues });
  }
  return { model, body: parsed.data as Record<string, unknown> };
}
