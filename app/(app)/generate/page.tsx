import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { PageHeading } from "@/components/ui/page-heading";
import { NOT_ALLOWED_MESSAGE } from "@/lib/shared/budgets";
import { GenerateForm } from "@/components/generate/generate-form";
import { RecentTasks } from "@/components/generate/recent-tasks";
import { withPickerLines } from "@/components/generate/model-facts";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db, type Db } from "@/lib/server/db";
import type { SessionUser } from "@/lib/server/auth/session";
import { findTask } from "@/lib/server/db/queries/tasks";
import { modelOptionsFor } from "@/lib/server/models/member-options";
import { readTaskPage } from "@/lib/server/tasks/read";
import { modelForImage, modelKey, type ModelOption } from "@/lib/shared/catalog/options";
import { findUsableUpload, toUploadView } from "@/lib/server/uploads/service";
import type { GenerateStart } from "@/components/generate/generate-form";
import { taskIdSchema } from "@/lib/shared/tasks-api";
import { taskFiltersSchema } from "@/lib/shared/task-filters";
import { RECENT_TASKS } from "@/lib/shared/tasks";
import { projectChoices } from "@/lib/server/projects/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Generate" };

type Search = { from?: string | string[]; image?: string | string[]; project?: string | string[] };

export default async function GeneratePage({ searchParams }: { searchParams: Promise<Search> }) {
  const { from, image, project } = await searchParams;
  const user = await requirePageUser(returnPath({ from, image, project }));
  const database = await db();
  // The feed's first page comes with the page, so it never opens empty and then fills.
  // The picker's line for each model is worked out here, not in the browser (withPickerLines).
  const [models, recent, projects] = await Promise.all([
    modelOptionsFor(user).then(withPickerLines),
    readRecent(database, user),
    projectChoices(database),
  ]);
  const initial = (await rerunOf(database, models, from)) ?? (await startFromImage(database, user, models, image));
  // A project's "Generate for this project", else the project of the task being re-run.
  const wanted = typeof project === "string" ? project : (initial?.projectId ?? null);
  const initialProject = projects.some((choice) => choice.id === wanted) ? wanted : null;
  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <PageHeading title="Generate" description="Choose a model, describe the video, and Cutroom sends it to the provider." />
      {/* minmax(0, 1fr) on phones too: a column sized by its content would let a long line widen the page. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(20rem,26rem)] lg:items-start">
        {models.some((model) => !model.unavailable) ? (
          // Re-keyed by the task it was filled from, so a Re-run from the feed starts the form again.
          <GenerateForm
            key={initial?.fromTask ?? initial?.fromImage?.id ?? "new"}
            models={models}
            initial={initial}
            projects={projects}
            initialProject={initialProject}
          />
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

function returnPath(search: Search): string {
  const query = new URLSearchParams(Object.entries(search).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return query.size > 0 ? `/generate?${query}` : "/generate";
}

/** "Re-run": the form opens with that task's model and input, its image included. */
async function rerunOf(database: Db, models: ModelOption[], from: Search["from"]): Promise<GenerateStart | undefined> {
  if (typeof from !== "string" || !taskIdSchema.safeParse({ id: from }).success) return undefined;
  const source = await findTask(database, from);
  if (!source || !models.some((model) => model.provider === source.provider && model.id === source.model)) return undefined;
  return {
    modelKey: modelKey({ provider: source.provider, id: source.model }),
    values: source.input,
    fromTask: source.id,
    projectId: source.projectId,
  };
}

/** "Use as input": an image of mine (a result copied by POST /api/tasks/:id/as-input) as the first frame. */
async function startFromImage(
  database: Db,
  user: SessionUser,
  models: ModelOption[],
  image: Search["image"],
): Promise<GenerateStart | undefined> {
  if (typeof image !== "string" || !taskIdSchema.safeParse({ id: image }).success) return undefined;
  const upload = await findUsableUpload(database, user.id, image);
  const start = upload ? modelForImage(models, upload.id) : undefined;
  if (!upload || !start) return undefined;
  return { modelKey: modelKey(start.model), values: start.values, fromImage: toUploadView(upload) };
}

/** My latest tasks for the feed, and when they were read (the feed's times start from it). */
async function readRecent(database: Db, user: SessionUser) {
  const page = await readTaskPage(database, user, taskFiltersSchema.parse({ owner: "me" }), { limit: RECENT_TASKS, cursor: null });
  return { page, at: Date.now() };
}
