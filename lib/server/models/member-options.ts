import "server-only";
import { db } from "../db";
import type { SessionUser } from "../auth/session";
import { allowedFor } from "../budgets/access";
import { NOT_ALLOWED_MESSAGE, accessAllows } from "@/lib/shared/budgets";
import type { ModelOption } from "@/lib/shared/catalog/options";
import { modelOptions } from "./prices";

/** The picker's models for one person: those their admins have not allowed are shown, and say so. */
export async function modelOptionsFor(user: Pick<SessionUser, "id" | "role">): Promise<ModelOption[]> {
  const [options, allowed] = await Promise.all([modelOptions(), allowedFor(await db(), user)]);
  return options.map((option) =>
    option.unavailable || accessAllows(allowed, option.provider, option.id)
      ? option
      : { ...option, unavailable: NOT_ALLOWED_MESSAGE, price: null },
  );
}
