import "server-only";
import { safeParse, type $ZodType, type output } from "zod/v4/core";
import { AppError, validationFailed } from "../errors";
import { fieldErrorsFromZod } from "@/lib/shared/validation";
import { readBodyWithLimit } from "./read-limited";
import { UNSTORABLE_TEXT_MESSAGE, findUnstorableText } from "./unstorable-text";

const MAX_JSON_BYTES = 256 * 1024;

/** Reads a JSON body (400 when it is not JSON, 413 when too big), then validates it (422 with fields). */
export async function readJson<S extends $ZodType>(request: Request, schema: S, maxBytes = MAX_JSON_BYTES): Promise<output<S>> {
  const text = (await readBodyWithLimit(request, maxBytes, "The request body is too large.")).toString("utf8");
  let body: unknown;
  try {
    body = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
  refuseUnstorableText(body);
  return validate(schema, body);
}

function refuseUnstorableText(value: unknown): void {
  const at = findUnstorableText(value);
  // The message goes on top too: a form may not show a field by this path (input.prompt).
  if (at !== null) throw validationFailed({ [at]: UNSTORABLE_TEXT_MESSAGE }, UNSTORABLE_TEXT_MESSAGE);
}

// Schemas here are classic zod (the server's own) or zod/mini (shared with the browser): both are
// core schemas, parsed by core's safeParse. Failures are 422s with a message per field.
function validate<S extends $ZodType>(schema: S, value: unknown): output<S> {
  const parsed = safeParse(schema, value);
  if (!parsed.success) throw validationFailed(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

export function readQuery<S extends $ZodType>(request: Request, schema: S): output<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  refuseUnstorableText(params);
  return validate(schema, params);
}

export function readParams<S extends $ZodType>(params: unknown, schema: S): output<S> {
  const parsed = safeParse(schema, params);
  // A malformed id cannot name anything we have, so it is a 404 rather than a validation error.
  if (!parsed.success) throw new AppError("NOT_FOUND", "That item was not found.");
  return parsed.data;
}
