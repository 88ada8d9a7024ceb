import "server-only";
import type { Context } from "hono";
import { holdsNul } from "../storable";
import { SANDBOX_MODEL_SCHEMAS, isSandboxModel, type SandboxModel } from "./contract";
import { fail } from "./wire";

// Request checks of the quote and generate endpoints: the model in the path, then the body against
// that model's schema, refused in the vendor's words (400 INVALID_MODEL, 400 INVALID_PAYLOAD).

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

export async function validatedRequest(c: Context): Promise<{ model: SandboxModel; body: Record<string, unknown> } | Response> {
  const model = c.req.param("model") ?? "";
  if (!isSandboxModel(model)) return fail(c, 400, "INVALID_MODEL", `Unsupported model: ${model}`);
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
