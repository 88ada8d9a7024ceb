"use client";
import { ArrowLeft, Download, RotateCcw } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { isApiError } from "@/lib/client/api";
import { useRecheckOutput, useTaskQuery } from "@/lib/client/tasks";
import { useNow } from "@/lib/client/use-now";
import { formatDuration, humanize, taskSeconds } from "@/lib/shared/format";
import { isTerminal, outputProblemOf, type TaskView } from "@/lib/shared/tasks";
import { FavouriteButton } from "@/components/library/favourite-button";
import { CommentsPanel } from "@/components/comments/comments-panel";
import { ShareButton } from "@/components/share/share-dialog";
import { RatingStars } from "@/components/library/rating-stars";
import { ReviewPanel } from "@/components/library/review-panel";
import { TagsEditor } from "@/components/library/tags-editor";
import { TaskProject } from "@/components/projects/task-project";
import { UseAsInputButton } from "./use-as-input-button";
import { CancelButton } from "./cancel-button";
import { DeleteTaskButton } from "./delete-task-button";
import { CopyButton } from "./copy-button";
import { StateBadge } from "./state-badge";
import { TaskProgress } from "./task-progress";
import { TaskTimeline } from "./task-timeline";

export function TaskDetail({ initial, deleteGraceHours = 168 }: { initial: TaskView; deleteGraceHours?: number }) {
  const query = useTaskQuery(initial.id, initial);
  const task = query.data ?? initial;
  const finished = isTerminal(task.state);
  // Hydration starts from the server's clock, so the elapsed time matches the server's HTML.
  const now = useNow(!finished, 1000, Date.parse(initial.readAt));
  const seconds = taskSeconds(task, now);

  return (
    <div className="space-y-6">
      <Link href="/tasks" className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="size-4" aria-hidden="true" /> All tasks
      </Link>

      {/* The title keeps at least 20rem; when the actions do not fit beside it, they go under it. */}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-[1_1_20rem] space-y-2">
          <h1 className="line-clamp-2 break-words text-xl font-semibold tracking-tight text-zinc-900">{task.prompt || task.modelLabel}</h1>
          <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-500">
            <StateBadge state={task.state} problem={outputProblemOf(task)} />
            <span>
              {task.modelLabel} · {task.providerLabel}
            </span>
            {task.sandbox ? <Badge tone="amber">Sandbox</Badge> : null}
          </div>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {task.media ? (
            <a href={task.media.downloadUrl} download className={buttonClass("primary", "md")}>
              <Download className="size-4" aria-hidden="true" /> Download
            </a>
          ) : null}
          <Link href={`/generate?from=${task.id}`} className={buttonClass("secondary", "md")}>
            <RotateCcw className="size-4" aria-hidden="true" /> Re-run
          </Link>
          {task.media ? <UseAsInputButton taskId={task.id} kind={task.media.kind} size="md" /> : null}
          {task.prompt ? <CopyButton text={task.prompt} /> : null}
          {task.media ? <FavouriteButton id={task.id} label={task.prompt || task.modelLabel} favourite={task.favourite} labelled /> : null}
          <CancelButton task={task} size="md" showReason />
          {task.canOrganise && task.media && task.state === "succeeded" ? (
            <ShareButton target={{ kind: "taskId", id: task.id }} defaultTitle={task.prompt || task.modelLabel} />
          ) : null}
          {task.canDelete ? <DeleteTaskButton task={task} graceHours={deleteGraceHours} /> : null}
        </div>
      </div>

      {query.error && !isApiError(query.error, 404) ? (
        <Alert tone="warning" title="Lost contact with Cutroom for a moment.">
          The status below may be out of date; it refreshes when the connection is back.
        </Alert>
      ) : null}

      {/* On a phone the columns dissolve into one list, ordered result, rating and tags, input, details, comments, timeline:
          what a person came for before the log. */}
      <div className="flex flex-col gap-6 lg:grid lg:grid-cols-3">
        <div className="contents lg:col-span-2 lg:block lg:space-y-6">
          <Card className="order-1 overflow-hidden">
            <StatusPanel task={task} seconds={seconds} now={now} />
          </Card>
          <Card className="order-5 p-4 sm:p-5">
            <CommentsPanel taskId={task.id} />
          </Card>
          <Card className="order-6 p-4 sm:p-5">
            <h2 className="text-sm font-semibold text-zinc-900">Timeline</h2>
            <TaskTimeline events={task.events} />
          </Card>
        </div>
        <div className="contents lg:block lg:space-y-6">
          <Card className="order-2 space-y-4 p-4 sm:p-5">
            <section aria-labelledby="task-project-heading" className="space-y-2">
              <h2 id="task-project-heading" className="text-sm font-semibold text-zinc-900">
                Project
              </h2>
              <TaskProject task={task} />
            </section>
            {task.media ? (
              <>
                <section aria-labelledby="task-review-heading" className="space-y-2">
                  <h2 id="task-review-heading" className="text-sm font-semibold text-zinc-900">
                    Review
                  </h2>
                  <ReviewPanel id={task.id} review={task.review} editable={task.canReview} />
                </section>
                <section aria-labelledby="task-rating-heading" className="space-y-2">
                  <h2 id="task-rating-heading" className="text-sm font-semibold text-zinc-900">
                    Rating
                  </h2>
                  <RatingStars id={task.id} rating={task.rating} editable={task.canOrganise} />
                </section>
                <section aria-labelledby="task-tags-heading" className="space-y-2">
                  <h2 id="task-tags-heading" className="text-sm font-semibold text-zinc-900">
                    Tags
                  </h2>
                  <TagsEditor id={task.id} tags={task.tags} editable={task.canOrganise} />
                </section>
              </>
            ) : null}
          </Card>
          <Card className="order-4 p-4 sm:p-5">
            <h2 className="text-sm font-semibold text-zinc-900">Details</h2>
            <dl className="mt-3 space-y-2 text-sm">
              <Detail label="Model">
                {task.modelLabel} ({task.model})
              </Detail>
              <Detail label="Provider">
                {task.providerLabel}
                {task.sandbox ? " sandbox" : ""}
              </Detail>
              <Detail label="Owner">{task.owner.name}</Detail>
              <Detail label="Created">
                <LocalTime iso={task.createdAt} />
              </Detail>
              <Detail label={finished ? "Time taken" : "Elapsed"}>{formatDuration(seconds)}</Detail>
              {task.creditsCharged !== null ? (
                <Detail label="Credits">
                  {task.creditsCharged}
                  {task.creditsRefunded ? ` (${task.creditsRefunded} refunded)` : ""}
                </Detail>
              ) : null}
            </dl>
          </Card>
          <Card className="order-3 p-4 sm:p-5">
            <h2 className="text-sm font-semibold text-zinc-900">Input</h2>
            <TaskInput task={task} />
          </Card>
        </div>
      </div>
    </div>
  );
}

function StatusPanel({ task, seconds, now }: { task: TaskView; seconds: number; now: number }) {
  if (task.state === "succeeded" && task.media?.kind === "image") {
    return (
      <div className="bg-zinc-950">
        {/* eslint-disable-next-line @next/next/no-img-element -- Cutroom's archived copy, sized by its own box */}
        <img
          src={task.media.url}
          alt={`Result: ${task.prompt}`}
          className="mx-auto max-h-[70vh] w-full object-contain"
          data-testid="result-image"
        />
      </div>
    );
  }
  if (task.state === "succeeded" && task.media) {
    return (
      <div className="bg-black">
        <video
          key={task.media.url}
          src={task.media.url}
          poster={task.media.posterUrl ?? undefined}
          controls
          playsInline
          preload="metadata"
          className="mx-auto max-h-[70vh] w-full bg-black object-contain"
          data-testid="result-video"
        />
      </div>
    );
  }
  return (
    <div className="p-4 sm:p-5">
      {outputProblemOf(task) && task.error ? (
        <OutputProblem task={task} />
      ) : task.state === "failed" || task.state === "expired" ? (
        <Alert tone="error" title={task.state === "expired" ? "This task expired." : "This task failed."}>
          <p className="break-words">{task.error?.message}</p>
          <p className="mt-1 font-medium">{task.error?.advice}</p>
        </Alert>
      ) : task.state === "canceled" && task.approval?.decision === "rejected" ? (
        <Alert tone="info" title={`Refused by ${task.approval.by ?? "an admin"}.`}>
          {task.approval.note ? <p className="break-words">“{task.approval.note}”</p> : null}
          <p className="mt-1">Nothing was sent or charged.</p>
        </Alert>
      ) : task.state === "canceled" ? (
        <Alert tone="info" title="This task was cancelled.">
          {task.creditsRefunded ? `${task.creditsRefunded} credits were refunded.` : "Nothing was charged for it."}
        </Alert>
      ) : task.state === "awaiting_approval" ? (
        <Alert tone="warning" title="Waiting for an admin's approval.">
          <p>
            {task.hold ? `It is expected to cost ${task.hold.text}, above the team's threshold. ` : ""}
            Nothing is sent or charged until an admin approves it
            {task.approval?.expiresAt ? (
              <>
                ; unapproved, it expires <LocalTime iso={task.approval.expiresAt} />
              </>
            ) : null}
            .
          </p>
        </Alert>
      ) : (
        <TaskProgress task={task} elapsedSeconds={seconds} now={now} />
      )}
    </div>
  );
}

const OUTPUT_TITLES: Record<string, string> = {
  OUTPUT_REFUSED: "Cutroom refused this task's output.",
  OUTPUT_UNREADABLE: "The provider's file does not play.",
  OUTPUT_GONE: "The output is no longer available.",
};

/** A succeeded task whose output cannot be shown: why, what to do, and a Re-check for its owner. */
function OutputProblem({ task }: { task: TaskView }) {
  const recheck = useRecheckOutput();
  const error = task.error!;
  return (
    <Alert tone="error" title={OUTPUT_TITLES[error.code] ?? "This task's output cannot be shown."}>
      <p className="break-words">{error.message}</p>
      <p className="mt-1 font-medium">{error.advice}</p>
      {task.canRecheckOutput ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <Button size="sm" variant="secondary" busy={recheck.isPending} onClick={() => recheck.mutate(task.id)}>
            Re-check
          </Button>
          {recheck.error ? (
            <span role="alert" className="text-sm">
              {isApiError(recheck.error) ? recheck.error.message : "The re-check failed. Try again."}
            </span>
          ) : null}
        </div>
      ) : null}
    </Alert>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="text-right text-zinc-800">{children}</dd>
    </div>
  );
}

type ImageRefValue = { uploadId?: string; url?: string };

const isImageRef = (value: unknown): value is ImageRefValue =>
  Boolean(value && typeof value === "object" && !Array.isArray(value) && ("uploadId" in value || "url" in value));

/** Every input the task was made from: prompts first, then the settings, then its images. */
function TaskInput({ task }: { task: TaskView }) {
  const input = task.input;
  const images: { name: string; label: string; ref: ImageRefValue }[] = [];
  // The image this video starts from is "Image"; "reference_image_urls" -> "Reference image 1", ...
  const imageLabel = (name: string) => (name === "image" ? "Image" : humanize(name).replace(/ URLs?$/, ""));
  for (const [name, value] of Object.entries(input)) {
    if (isImageRef(value)) images.push({ name, label: imageLabel(name), ref: value });
    else if (Array.isArray(value) && value.every(isImageRef))
      value.forEach((ref, index) => images.push({ name: `${name}-${index}`, label: `${imageLabel(name)} ${index + 1}`, ref }));
  }
  return (
    <dl className="mt-3 space-y-3 text-sm">
      {typeof input.prompt === "string" ? (
        <div>
          <dt className="text-zinc-500">Prompt</dt>
          <dd className="mt-0.5 whitespace-pre-wrap break-words text-zinc-800">{input.prompt}</dd>
        </div>
      ) : null}
      {Array.isArray(input.segments) ? (
        <div>
          <dt className="text-zinc-500">Segments</dt>
          <dd>
            <ol className="mt-1 list-decimal space-y-1 pl-5 text-zinc-800">
              {input.segments.map((segment, index) => (
                <li key={index} className="break-words">
                  {String(segment)}
                </li>
              ))}
            </ol>
          </dd>
        </div>
      ) : null}
      {task.settings.map((setting) => (
        <Detail key={setting.name} label={setting.label}>
          <span className="break-words">{setting.value}</span>
        </Detail>
      ))}
      {task.videoSeconds !== null ? <Detail label="Length">{task.videoSeconds} s</Detail> : null}
      {images.map(({ name, label, ref }) => (
        <InputImage key={name} taskId={task.id} label={label} image={ref} />
      ))}
    </dl>
  );
}

/** One input image: an upload served by Cutroom, or the public link the provider was given. */
function InputImage({ taskId, label, image }: { taskId: string; label: string; image: ImageRefValue }) {
  return (
    <div>
      <dt className="text-zinc-500">{label}</dt>
      <dd className="mt-1 space-y-1">
        {/* eslint-disable-next-line @next/next/no-img-element -- a private upload, or the user's own public link */}
        <img
          src={image.url ?? `/api/tasks/${taskId}/image?upload=${encodeURIComponent(image.uploadId ?? "")}`}
          alt={label === "Image" ? "The image this video starts from" : `${label} this task was made from`}
          referrerPolicy="no-referrer"
          className="max-h-48 rounded-md border border-zinc-200 object-contain"
        />
        {image.url ? <p className="break-all text-xs text-zinc-500">{image.url}</p> : null}
      </dd>
    </div>
  );
}
