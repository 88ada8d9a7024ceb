"use client";
import { useId, useState } from "react";
import { ReviewBadge } from "@/components/library/review-badge";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/client/api";
import { REVIEW_NOTE_MAX, REVIEWER_NAME_MAX, type ReviewState, type ReviewView } from "@/lib/shared/review";
import type { SharedItem } from "@/lib/shared/shares";

/** One shared output: the player (or image), what the link shows of how it was made, and the outside review. */
export function SharedOutput({ token, item, allowReview }: { token: string; item: SharedItem; allowReview: boolean }) {
  const [review, setReview] = useState(item.review);
  return (
    <article className="overflow-hidden rounded-xl border border-zinc-200 bg-surface shadow-sm">
      <div className="bg-zinc-950">
        {item.kind === "image" ? (
          // eslint-disable-next-line @next/next/no-img-element -- Cutroom's archived copy, through the link
          <img src={item.mediaUrl} alt={item.prompt ?? "Shared image"} className="mx-auto max-h-[70vh] w-auto object-contain" />
        ) : (
          <video
            src={item.mediaUrl}
            poster={item.posterUrl ?? undefined}
            controls
            playsInline
            preload="metadata"
            className="aspect-video max-h-[70vh] w-full bg-black object-contain"
            aria-label={item.prompt ?? "Shared video"}
          />
        )}
      </div>
      <div className="space-y-3 p-4">
        {review ? <ReviewBadge state={review.state} /> : null}
        {review ? <p className="text-sm text-zinc-600">by {review.by}</p> : null}
        {item.prompt !== null ? (
          <div className="space-y-1">
            <h2 className="text-sm font-semibold text-zinc-900">Prompt</h2>
            <p className="whitespace-pre-wrap break-words text-sm text-zinc-700">{item.prompt || "(no prompt)"}</p>
          </div>
        ) : null}
        {item.settings?.length || item.modelLabel ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {item.modelLabel ? (
              <>
                <dt className="text-zinc-500">Model</dt>
                <dd className="text-zinc-800">{item.modelLabel}</dd>
              </>
            ) : null}
            {item.settings?.map((setting) => (
              <div key={setting.label} className="contents">
                <dt className="text-zinc-500">{setting.label}</dt>
                <dd className="break-words text-zinc-800">{setting.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <a href={`${item.mediaUrl}?download=1`} className="inline-block text-sm font-medium text-brand-700 hover:underline">
          Download
        </a>
        {allowReview ? <OutsideReview token={token} taskId={item.id} onReviewed={(saved) => setReview(saved)} /> : null}
      </div>
    </article>
  );
}

function OutsideReview({
  token,
  taskId,
  onReviewed,
}: {
  token: string;
  taskId: string;
  onReviewed: (review: { state: ReviewState; by: string }) => void;
}) {
  const nameId = useId();
  const noteId = useId();
  const [name, setName] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<ReviewState | null>(null);
  const [error, setError] = useState<{ name?: string; note?: string; form?: string }>({});
  const [sent, setSent] = useState<ReviewState | null>(null);

  const send = async (state: ReviewState) => {
    const problems: typeof error = {};
    if (!name.trim()) problems.name = "Tell the team your name.";
    if (name.trim().length > REVIEWER_NAME_MAX) problems.name = `Keep your name under ${REVIEWER_NAME_MAX} characters.`;
    if (note.trim().length > REVIEW_NOTE_MAX) problems.note = `Keep the note under ${REVIEW_NOTE_MAX.toLocaleString("en-US")} characters.`;
    setError(problems);
    if (Object.keys(problems).length) return;
    setBusy(state);
    try {
      const saved = await apiFetch<{ review: ReviewView | null }>(`/api/share/${token}/review`, {
        method: "POST",
        json: { taskId, state, name: name.trim(), ...(note.trim() ? { note: note.trim() } : {}) },
      });
      if (saved.review) onReviewed({ state: saved.review.state, by: saved.review.by });
      setSent(state);
    } catch (failure) {
      setError(
        failure instanceof ApiError
          ? {
              name: failure.fields.name,
              note: failure.fields.note,
              form: failure.fields.name || failure.fields.note ? undefined : failure.message,
            }
          : { form: "That did not reach the team. Check your connection and try again." },
      );
    } finally {
      setBusy(null);
    }
  };

  if (sent) {
    return (
      <p className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800" role="status">
        Thank you: the team sees your {sent === "approved" ? "approval" : "request for changes"}.
      </p>
    );
  }
  return (
    <form className="space-y-3 border-t border-zinc-100 pt-3" noValidate onSubmit={(event) => event.preventDefault()}>
      <h2 className="text-sm font-semibold text-zinc-900">Your review</h2>
      <div className="space-y-1.5">
        <label htmlFor={nameId} className="block text-sm font-medium text-zinc-800">
          Your name
        </label>
        <input
          id={nameId}
          value={name}
          autoComplete="name"
          onChange={(event) => setName(event.target.value)}
          className={controlClass(Boolean(error.name))}
          aria-invalid={Boolean(error.name)}
          aria-describedby={error.name ? `${nameId}-error` : undefined}
        />
        {error.name ? (
          <p id={`${nameId}-error`} className="text-sm text-red-700" role="alert">
            {error.name}
          </p>
        ) : null}
      </div>
      <div className="space-y-1.5">
        <label htmlFor={noteId} className="block text-sm font-medium text-zinc-800">
          Note <span className="font-normal text-zinc-500">(optional)</span>
        </label>
        <textarea
          id={noteId}
          rows={3}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          className={controlClass(Boolean(error.note))}
          aria-invalid={Boolean(error.note)}
          aria-describedby={error.note ? `${noteId}-error` : undefined}
        />
        {error.note ? (
          <p id={`${noteId}-error`} className="text-sm text-red-700" role="alert">
            {error.note}
          </p>
        ) : null}
      </div>
      {error.form ? (
        <p className="text-sm text-red-700" role="alert">
          {error.form}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" size="sm" busy={busy === "approved"} disabled={busy !== null} onClick={() => void send("approved")}>
          Approve
        </Button>
        <Button
          type="button"
          size="sm"
          variant="secondary"
          busy={busy === "changes_requested"}
          disabled={busy !== null}
          onClick={() => void send("changes_requested")}
        >
          Request changes
        </Button>
      </div>
    </form>
  );
}
