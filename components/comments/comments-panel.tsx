"use client";
import { MessageSquare, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LocalTime } from "@/components/ui/local-time";
import { labelErrorText } from "@/lib/client/labels";
import { useAddComment, useComments, useDeleteComment, useEditComment } from "@/lib/client/comments";
import { useReadTaskNotices } from "@/lib/client/notifications";
import { COMMENT_MAX, type CommentView } from "@/lib/shared/comments";
import { CommentBody } from "./comment-body";
import { MentionTextarea } from "./mention-textarea";

/**
 * The team's discussion of a task, oldest first, with a field to add to it. "@Name" tells that
 * teammate. Each person edits and deletes only their own comments.
 */
export function CommentsPanel({ taskId }: { taskId: string }) {
  const comments = useComments(taskId);
  useReadTaskNotices(taskId);
  const count = comments.data?.length ?? 0;
  return (
    <section id="comments" aria-labelledby="comments-heading" className="scroll-mt-20 space-y-4">
      <h2 id="comments-heading" className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
        <MessageSquare className="size-4 text-zinc-400" aria-hidden="true" /> Comments{count ? ` (${count})` : ""}
      </h2>
      {comments.isPending ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : comments.isError ? (
        <p className="text-sm text-red-700" role="alert">
          The comments could not be loaded. Reload the page to try again.
        </p>
      ) : count === 0 ? (
        <p className="text-sm text-zinc-500">No comments yet. Start the conversation below.</p>
      ) : (
        <ul className="space-y-4" aria-label="Comments">
          {comments.data.map((comment) => (
            <CommentItem key={comment.id} taskId={taskId} comment={comment} />
          ))}
        </ul>
      )}
      <Composer taskId={taskId} />
    </section>
  );
}

function useDraft(initial = "") {
  const [text, setText] = useState(initial);
  const tooLong = text.trim().length > COMMENT_MAX;
  return { text, setText, tooLong, empty: text.trim().length === 0 };
}

function TooLong({ id, text }: { id: string; text: string }) {
  return (
    <p id={id} className="text-sm text-red-700" role="alert">
      {text.trim().length.toLocaleString("en-US")} of {COMMENT_MAX.toLocaleString("en-US")} characters: shorten the comment.
    </p>
  );
}

function Composer({ taskId }: { taskId: string }) {
  const add = useAddComment(taskId);
  const draft = useDraft();
  const [error, setError] = useState<string | null>(null);
  const send = () => {
    setError(null);
    if (draft.empty) return setError("Write a comment first.");
    if (draft.tooLong) return;
    add.mutate(draft.text.trim(), {
      onSuccess: () => draft.setText(""),
      onError: (failure) => setError(labelErrorText(failure)),
    });
  };
  const message = draft.tooLong ? null : error;
  return (
    <form
      className="space-y-2"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <MentionTextarea
        id={`comment-new-${taskId}`}
        label="Add a comment"
        value={draft.text}
        onChange={draft.setText}
        onSubmit={send}
        invalid={draft.tooLong || Boolean(message)}
        describedBy={draft.tooLong || message ? "comment-new-error" : "comment-new-help"}
      />
      {draft.tooLong ? (
        <TooLong id="comment-new-error" text={draft.text} />
      ) : message ? (
        <p id="comment-new-error" className="text-sm text-red-700" role="alert">
          {message}
        </p>
      ) : (
        <p id="comment-new-help" className="text-xs text-zinc-500">
          A teammate you @mention is notified. Ctrl+Enter sends.
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" size="sm" busy={add.isPending} disabled={draft.tooLong}>
          Comment
        </Button>
      </div>
    </form>
  );
}

function CommentItem({ taskId, comment }: { taskId: string; comment: CommentView }) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteComment(taskId);
  return (
    <li className="space-y-1" aria-label={`${comment.author.name}'s comment`}>
      <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-zinc-500">
        <span className="text-sm font-medium text-zinc-900">{comment.author.name}</span>
        <LocalTime iso={comment.createdAt} />
        {comment.editedAt ? <span>(edited)</span> : null}
      </p>
      {editing ? (
        <EditForm taskId={taskId} comment={comment} onDone={() => setEditing(false)} />
      ) : (
        <>
          <CommentBody comment={comment} />
          {comment.mine ? (
            <div className="flex gap-1">
              <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label="Edit your comment">
                <Pencil className="size-3.5" aria-hidden="true" /> Edit
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setDeleting(true)} aria-label="Delete your comment">
                <Trash2 className="size-3.5" aria-hidden="true" /> Delete
              </Button>
            </div>
          ) : null}
        </>
      )}
      <ConfirmDialog
        open={deleting}
        title="Delete this comment?"
        confirmLabel="Delete comment"
        tone="danger"
        busy={remove.isPending}
        error={remove.error ? labelErrorText(remove.error) : null}
        onConfirm={() => remove.mutate(comment.id, { onSuccess: () => setDeleting(false) })}
        onClose={() => setDeleting(false)}
      >
        It goes for everyone, and anyone it mentioned is no longer told about it.
      </ConfirmDialog>
    </li>
  );
}

function EditForm({ taskId, comment, onDone }: { taskId: string; comment: CommentView; onDone: () => void }) {
  const edit = useEditComment(taskId);
  const draft = useDraft(comment.body);
  const errorId = `comment-${comment.id}-error`;
  const save = () => {
    if (draft.empty || draft.tooLong) return;
    edit.mutate({ id: comment.id, body: draft.text.trim() }, { onSuccess: onDone });
  };
  const error = edit.error ? labelErrorText(edit.error) : draft.empty ? "A comment needs some text; delete it instead." : null;
  return (
    <form
      className="space-y-2"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <MentionTextarea
        id={`comment-${comment.id}`}
        label="Edit your comment"
        value={draft.text}
        onChange={draft.setText}
        onSubmit={save}
        autoFocus
        invalid={draft.tooLong || Boolean(error)}
        describedBy={draft.tooLong || error ? errorId : undefined}
      />
      {draft.tooLong ? (
        <TooLong id={errorId} text={draft.text} />
      ) : error ? (
        <p id={errorId} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" busy={edit.isPending} disabled={draft.tooLong || draft.empty}>
          Save
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
