"use client";
import { Link2 } from "lucide-react";
import { useState } from "react";
import { CopyButton } from "@/components/tasks/copy-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, controlClass, describedBy } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { isApiError } from "@/lib/client/api";
import { useCreateShare, useRevokeShare, useShares, type ShareTarget } from "@/lib/client/shares";
import { SHARE_EXPIRY_HOURS, SHARE_EXPIRY_LABELS, SHARE_TITLE_MAX } from "@/lib/shared/shares";
import { ShareStatusBadge } from "./share-status";

/**
 * "Share": a read-only link for someone outside the team, to one output or a project's board.
 * The link is shown once, when made (Cutroom keeps only its fingerprint); the object's links are
 * listed with their state, and can be revoked.
 */
export function ShareButton({ target, defaultTitle }: { target: ShareTarget; defaultTitle: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        <Link2 className="size-4" aria-hidden="true" /> Share
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Share outside the team">
        {open ? <ShareForm target={target} defaultTitle={defaultTitle} /> : null}
      </Dialog>
    </>
  );
}

function ShareForm({ target, defaultTitle }: { target: ShareTarget; defaultTitle: string }) {
  const create = useCreateShare(target);
  const shares = useShares(target, true);
  const revoke = useRevokeShare();
  const [title, setTitle] = useState(defaultTitle.slice(0, SHARE_TITLE_MAX));
  const [hours, setHours] = useState<number>(168);
  const [showPrompt, setShowPrompt] = useState(false);
  const [allowReview, setAllowReview] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const fieldError = isApiError(create.error) ? create.error.fields.title : undefined;
  const titleError =
    title.trim().length === 0
      ? "Give the link a title."
      : title.trim().length > SHARE_TITLE_MAX
        ? `Keep the title under ${SHARE_TITLE_MAX} characters.`
        : fieldError;
  const [touched, setTouched] = useState(false);
  const shownTitleError = touched ? titleError : fieldError;
  return (
    <div className="mt-3 space-y-5">
      {made ? (
        <div className="space-y-2 rounded-lg border border-emerald-200 bg-emerald-50 p-3" role="status">
          <p className="text-sm font-medium text-emerald-900">
            Link made. Copy it now: Cutroom keeps only its fingerprint, so it cannot show it again.
          </p>
          <div className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded bg-surface px-2 py-1 text-xs text-zinc-800" data-testid="share-url">
              {made}
            </code>
            <CopyButton text={made} label="Copy link" />
          </div>
        </div>
      ) : (
        <form
          className="space-y-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTouched(true);
            if (titleError) return;
            create.mutate(
              { title: title.trim(), expiresInHours: hours, showPrompt, allowReview },
              { onSuccess: (answer) => setMade(answer.url) },
            );
          }}
        >
          <Field id="share-title" label="Title" error={shownTitleError} help="What the person you send it to sees at the top.">
            <input
              id="share-title"
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              onBlur={() => setTouched(true)}
              className={controlClass(Boolean(shownTitleError))}
              aria-invalid={Boolean(shownTitleError)}
              aria-describedby={describedBy("share-title", shownTitleError, true)}
            />
          </Field>
          <Field id="share-expiry" label="Expires after">
            <select
              id="share-expiry"
              value={hours}
              onChange={(event) => setHours(Number(event.target.value))}
              className={controlClass(false)}
            >
              {SHARE_EXPIRY_HOURS.map((choice) => (
                <option key={choice} value={choice}>
                  {SHARE_EXPIRY_LABELS[choice]}
                </option>
              ))}
            </select>
          </Field>
          <label className="flex items-start gap-2 text-sm text-zinc-800">
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-brand-600"
              checked={showPrompt}
              onChange={(event) => setShowPrompt(event.target.checked)}
            />
            <span>Show the prompt and settings</span>
          </label>
          <label className="flex items-start gap-2 text-sm text-zinc-800">
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-brand-600"
              checked={allowReview}
              onChange={(event) => setAllowReview(event.target.checked)}
            />
            <span>Let the viewer approve or request changes, under a name they give</span>
          </label>
          {create.error && !fieldError ? (
            <Alert tone="error" title="The link was not made.">
              {isApiError(create.error) ? create.error.message : "Check your connection and try again."}
            </Alert>
          ) : null}
          <div className="flex justify-end">
            <Button type="submit" busy={create.isPending}>
              Make link
            </Button>
          </div>
        </form>
      )}
      <section aria-labelledby="share-links-heading" className="space-y-2 border-t border-zinc-100 pt-4">
        <h3 id="share-links-heading" className="text-sm font-semibold text-zinc-900">
          Links to this {target.kind === "taskId" ? "output" : "project"}
        </h3>
        {shares.isPending ? (
          <p className="text-sm text-zinc-500">Loading…</p>
        ) : !shares.data?.length ? (
          <p className="text-sm text-zinc-500">None yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 text-sm" aria-label="Share links">
            {shares.data.map((share) => (
              <li key={share.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="min-w-0 space-y-0.5">
                  <span className="flex flex-wrap items-center gap-2">
                    <ShareStatusBadge status={share.status} />
                    <span className="break-words font-medium text-zinc-800">{share.title}</span>
                  </span>
                  <span className="block text-xs text-zinc-500">
                    by {share.createdBy} · {share.status === "active" ? "expires" : share.status}{" "}
                    <LocalTime iso={share.revokedAt ?? share.expiresAt} /> · {share.views} {share.views === 1 ? "view" : "views"}
                  </span>
                </span>
                {share.status === "active" && share.canRevoke ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    busy={revoke.isPending && revoke.variables === share.id}
                    onClick={() => revoke.mutate(share.id)}
                    aria-label={`Revoke “${share.title}”`}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
