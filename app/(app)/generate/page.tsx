import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { PageHeading } from "@/components/ui/page-heading";
import { NOT_ALLOWED_MESSAGE } from "@/lib/shared/budgets";
import { GenerateForm } from "@/components/generate/generate-form";
import { RecentTasks } from "@/components/generate/recent-tasks";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db, type Db } from "@/lib/server/db";
import type { SessionUser } from "@/lib/server/auth/session";
import { findTask } from "@/lib/server/db/queries/tasks";
import { modelOptionsFor } from "@/lib/server/models/member-options";
import { readTaskPage } from "@/lib/server/tasks/read";
import { modelKey } from "@/lib/shared/catalog/options";
import { taskIdSchema } from "@/lib/shared/tasks-api";
import { taskFiltersSchema } from "@/lib/shared/task-filters";
import { RECENT_TASKS } from "@/lib/shared/tasks";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Generate" };

export default async function GeneratePage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const { from } = await searchParams;
  const user = await requirePageUser(typeof from === "string" ? `/generate?from=${encodeURIComponent(from)}` : "/generate");
  const database = await db();
  // The feed's first page comes with the page, so it never opens empty and then fills.
  const [models, recent] = await Promise.all([modelOptionsFor(user), readRecent(database, user)]);
  // "Re-run": the form opens with that task's model and input, its image included.
  const source = typeof from === "string" && taskIdSchema.safeParse({ id: from }).success ? await findTask(database, from) : undefined;
  const initial =
    source && models.some((model) => model.provider === source.provider && model.id === source.model)
      ? { modelKey: modelKey({ provider: source.provider, id: source.model }), values: source.input, fromTask: source.id }
      : undefined;
  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <PageHeading title="Generate" description="Choose a model, describe the video, and Cutroom sends it to the provider." />
      {/* minmax(0, 1fr) on phones too: a column sized by its content would let a long line widen the page. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(20rem,26rem)] lg:items-start">
        {models.some((model) => !model.unavailable) ? (
          // Re-keyed by the task it was filled from, so a Re-run from the feed starts the form again.
          <GenerateForm key={initial?.fromTask ?? "new"} models={models} initial={initial} />
        ) : (
          <Alert tone="warning" title="No model is available to you right now.">
            {models.some((model) => model.unavailable === NOT_ALLOWED_MESSAGE)
              ? "Your team's admins have not allowed you any model. Ask one of them for access."
              : "Every model is unavailable. An admin can see why under Admin > Providers."}
          </Alert>
        )}
        {/* Beside the form on a wide screen, the feed scrolls on its own, so the form stays put. */}
        <aside className="lg:sticky lg:top-20 lg:max-h-[calc(100vh-6rem)] lg:overflow-y-auto lg:pr-1">
          <RecentTasks initial={recent.page} renderedAt={recent.at} />
        </aside>
      </div>
    </div>
  );
}

/** My latest tasks for the feed, and when they were read (the feed's times start from it). */
async function readRecent(database: Db, user: SessionUser) {
  const page = await readTaskPage(database, user, taskFiltersSchema.parse({ owner: "me" }), { limit: RECENT_TASKS, cursor: null });
  return { page, at: Date.now() };
}
