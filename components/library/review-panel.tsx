"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, describedBy } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { labelErrorText } from "@/lib/client/labels";
import { useReviewTask } from "@/lib/client/review";
import { REVIEW_LABELS, REVIEW_NOTE_MAX, type ReviewState, type ReviewView } from "@/lib/shared/review";
import { ReviewBadge } from "./review-badge";

/**
 * The review of an output on its page: the verdict with who gave it, when and their note; any
 * teammate approves it or asks for changes (a note is offered before it is sent) or clears it.
 */
export function ReviewPanel({ id, review, editable }: { id: string; review: ReviewView | null; editable: boolean }) {
  const save = useReviewTask(id);
  const [choosing, setChoosing] = useState<ReviewState | null>(null);
  const [note, setNote] = useState("");
  const noteId = useId();
  const error = labelErrorText(save.error);
  const send = (state: ReviewState | null) =>
    save.mutate(
      { state, ...(state && note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          setChoosing(null);
          setNote("");
        },
      },
    );
  const tooLong = note.length > REVIEW_NOTE_MAX;
  return (
    <div className="space-y-3">
      {review ? (
        <div className="space-y-1.5" data-testid="review-state">
          <ReviewBadge state={review.state} />
          <p className="text-sm text-zinc-600">
            by {review.by}
            {review.external ? " (through a share link)" : ""} · <LocalTime iso={review.at} />
          </p>
          {review.note ? (
            <blockquote className="whitespace-pre-wrap break-words border-l-2 border-zinc-200 pl-3 text-sm text-zinc-700">
              {review.note}
            </blockquote>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-zinc-500" data-testid="review-state">
          {REVIEW_LABELS.none}.
        </p>
      )}
      {!editable ? null : choosing ? (
        <form
          className="space-y-2"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!tooLong) send(choosing);
          }}
        >
          <label htmlFor={noteId} className="block text-sm font-medium text-zinc-800">
            Note for the team <span className="font-normal text-zinc-500">(optional)</span>
          </label>
          <textarea
            id={noteId}
            rows={3}
            className={controlClass(tooLong)}
            value={note}
            placeholder={choosing === "changes_requested" ? "What should change?" : "Anything to add?"}
            aria-invalid={tooLong}
            aria-describedby={describedBy(noteId, tooLong ? "too long" : undefined, false)}
            onChange={(event) => setNote(event.target.value)}
          />
          {tooLong ? (
            <p id={`${noteId}-error`} className="text-sm text-red-700" role="alert">
              {note.length.toLocaleString("en-US")} of {REVIEW_NOTE_MAX.toLocaleString("en-US")} characters: shorten the note.
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" size="sm" busy={save.isPending} disabled={tooLong}>
              {choosing === "approved" ? "Approve" : "Request changes"}
            </Button>
            <Button type="button" size="sm" variant="ghost" onClick={() => setChoosing(null)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={() => setChoosing("approved")}>
            Approve…
          </Button>
          <Button size="sm" variant="secondary" onClick={() => setChoosing("changes_requested")}>
            Request changes…
          </Button>
          {review ? (
            <Button size="sm" variant="ghost" busy={save.isPending} onClick={() => send(null)}>
              Clear review
            </Button>
          ) : null}
        </div>
      )}
      {error ? (
        <p className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
