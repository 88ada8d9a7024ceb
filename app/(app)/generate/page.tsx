import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { PageHeading } from "@/components/ui/page-heading";
import { NOT_ALLOWED_MESSAGE } from "@/lib/shared/budgets";
import { GenerateForm } from "@/components/generate/generate-form";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { findTask } from "@/lib/server/db/queries/tasks";
import { modelOptionsFor } from "@/lib/server/models/member-options";
import { modelKey } from "@/lib/shared/catalog/options";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Generate" };

export default async function GeneratePage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const { from } = await searchParams;
  const user = await requirePageUser(typeof from === "string" ? `/generate?from=${encodeURIComponent(from)}` : "/generate");
  const models = await modelOptionsFor(user);
  // "Re-run": the form opens with that task's model and input, its image included.
  const source = typeof from === "string" && taskIdSchema.safeParse({ id: from }).success ? await findTask(await db(), from) : undefined;
  const initial =
    source && models.some((model) => model.provider === source.provider && model.id === source.model)
      ? { modelKey: modelKey({ provider: source.provider, id: source.model }), values: source.input, fromTask: source.id }
      : undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeading title="Generate" description="Choose a model, describe the video, and Cutroom sends it to the provider." />
      {models.some((model) => !model.unavailable) ? (
        <GenerateForm models={models} initial={initial} />
      ) : (
        <Alert tone="warning" title="No model is available to you right now.">
          {models.some((model) => model.unavailable === NOT_ALLOWED_MESSAGE)
            ? "Your team's admins have not allowed you any model. Ask one of them for access."
            : "Every model is unavailable. An admin can see why under Admin > Providers."}
        </Alert>
      )}
    </div>
  );
}
