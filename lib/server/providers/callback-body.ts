import "server-only";
import { z } from "zod";
import type { CallbackHint } from "./descriptor";

// For providers whose callback body is not documented (AIVideoMaker, APIDot): the flat and the
// wrapped (`data: {...}`) shapes are both read, with the task's id under any of the names given,
// most specific first (a bare `id` may name the event rather than the task).

const field = z.string().min(1).max(200).optional();
const status = z.string().min(1).max(40).optional();

export function flatOrWrappedHint(body: unknown, idFields: readonly string[]): CallbackHint | null {
  const level = z.looseObject({ status, ...Object.fromEntries(idFields.map((name) => [name, field])) });
  const parsed = z.looseObject({ ...level.shape, data: level.nullish() }).safeParse(body);
  if (!parsed.success) return null;
  const read = (object: Record<string, unknown> | null | undefined, name: string) =>
    typeof object?.[name] === "string" ? (object[name] as string) : undefined;
  let providerTaskId: string | null = null;
  for (const name of idFields) {
    providerTaskId = read(parsed.data.data, name) ?? read(parsed.data, name) ?? null;
    if (providerTaskId) break;
  }
  return { providerTaskId, status: parsed.data.data?.status ?? parsed.data.status ?? null };
}
