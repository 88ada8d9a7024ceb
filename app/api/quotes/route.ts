// POST /api/quotes - what a generation would cost, from the provider's quote endpoint (creates nothing)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { quoteTask } from "@/lib/server/tasks/quote-task";
import { createTaskSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  const user = await requireUser(request);
  const body = await readJson(request, createTaskSchema);
  return json({ quote: await quoteTask(await db(), user, body) });
});
