"use client";
import { Link2 } from "lucide-react";
import Link from "next/link";
import { ShareStatusBadge } from "@/components/share/share-status";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Spinner } from "@/components/ui/spinner";
import { isApiError } from "@/lib/client/api";
import { labelErrorText } from "@/lib/client/labels";
import { useAllShares, useRevokeShare } from "@/lib/client/shares";

/** Admin > Share links: every link, newest first, with Revoke on the live ones. */
export function ShareLinksPanel() {
  const shares = useAllShares();
  const revoke = useRevokeShare();
  if (shares.isPending) return <Spinner className="size-5" />;
  if (shares.isError)
    return (
      <Alert tone="error" title="Could not load the share links.">
        {isApiError(shares.error) ? shares.error.message : "Check your connection and reload the page."}
      </Alert>
    );
  if (shares.data.length === 0)
    return (
      <Card className="flex flex-col items-center gap-3 p-10 text-center">
        <Link2 className="size-8 text-zinc-300" aria-hidden="true" />
        <p className="font-medium text-zinc-800">No share links yet.</p>
        <p className="max-w-sm text-sm text-zinc-500">Share on a finished task&apos;s page, or on a project&apos;s board, makes one.</p>
      </Card>
    );
  return (
    <div className="space-y-3">
      {revoke.error ? (
        <Alert tone="error" title="Could not revoke it.">
          {labelErrorText(revoke.error)}
        </Alert>
      ) : null}
      <ul className="divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-surface" aria-label="Share links">
        {shares.data.map((share) => (
          <li key={share.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0 space-y-1">
              <p className="flex flex-wrap items-center gap-2">
                <ShareStatusBadge status={share.status} />
                <span className="break-words font-medium text-zinc-900">{share.title}</span>
              </p>
              <p className="text-sm text-zinc-500">
                {share.kind === "task" ? "Output" : "Project"}:{" "}
                <Link
                  href={share.kind === "task" ? `/tasks/${share.target.id}` : `/projects/${share.target.id}`}
                  className="break-words text-brand-700 hover:underline"
                >
                  {share.target.label || "(untitled)"}
                </Link>
              </p>
              <p className="text-sm text-zinc-500">
                by {share.createdBy} <LocalTime iso={share.createdAt} /> ·{" "}
                {share.status === "revoked" ? "revoked" : share.status === "expired" ? "expired" : "expires"}{" "}
                <LocalTime iso={share.revokedAt ?? share.expiresAt} /> · {share.views} {share.views === 1 ? "view" : "views"}
                {share.showPrompt ? " · shows the prompt" : ""}
                {share.allowReview ? " · takes reviews" : ""}
              </p>
            </div>
            {share.status === "active" ? (
              <Button
                variant="secondary"
                size="sm"
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
    </div>
  );
}
