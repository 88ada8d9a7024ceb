"use client";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClass } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { isApiError } from "@/lib/client/api";
import { useApprovals, useDecideApprovals } from "@/lib/client/budgets";
import { useToasts } from "@/lib/client/toasts";
import { expectedCostText, type ApprovalResult } from "@/lib/shared/budgets";

// Admin > Queue: tasks waiting for approval, with who asked, for what, and what it is expected to
// cost. Approve or refuse one or many, with a note the requester sees.

export function ApprovalsPanel() {
  const approvals = useApprovals();
  const decide = useDecideApprovals();
  const toasts = useToasts();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [note, setNote] = useState("");
  const [results, setResults] = useState<ApprovalResult[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const items = approvals.data ?? [];
  if (approvals.isPending || items.length === 0) {
    return results ? <DecisionResults results={results} onClose={() => setResults(null)} /> : null;
  }
  const chosen = items.filter((item) => selected.has(item.id)).map((item) => item.id);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const send = (decision: "approve" | "reject") => {
    setProblem(null);
    decide.mutate(
      { ids: chosen, decision, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (outcome) => {
          setResults(outcome);
          setSelected(new Set());
          setNote("");
          const done = outcome.filter((result) => result.outcome === "approved" || result.outcome === "rejected").length;
          toasts.show({
            tone: "success",
            title: `${done} ${done === 1 ? "task" : "tasks"} ${decision === "approve" ? "approved" : "refused"}.`,
          });
        },
        onError: (error) => setProblem(isApiError(error) ? error.message : "That did not go through. Try again."),
      },
    );
  };
  const allChosen = chosen.length === items.length;
  return (
    <Card className="overflow-hidden" role="region" aria-labelledby="approvals-heading">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-3">
        <h2 id="approvals-heading" className="text-sm font-semibold text-zinc-900">
          Waiting for approval ({items.length})
        </h2>
        <label className="flex items-center gap-2 text-sm text-zinc-700">
          <input
            type="checkbox"
            checked={allChosen}
            onChange={(event) => setSelected(new Set(event.target.checked ? items.map((item) => item.id) : []))}
          />
          Select all
        </label>
      </div>
      <ul className="divide-y divide-zinc-100">
        {items.map((item) => (
          <li key={item.id} className="flex gap-3 px-4 py-3">
            <input
              type="checkbox"
              className="mt-1"
              aria-label={`Select ${item.owner.name}'s task: ${item.prompt}`}
              checked={selected.has(item.id)}
              onChange={(event) => toggle(item.id, event.target.checked)}
            />
            <div className="min-w-0 flex-1">
              <Link href={`/tasks/${item.id}`} className="block truncate text-sm font-medium text-zinc-900 hover:underline">
                {item.prompt || "(no prompt)"}
              </Link>
              <p className="text-sm text-zinc-600">
                {item.owner.name} · {item.modelLabel} · {item.providerLabel}
              </p>
              <p className="text-xs text-zinc-500">
                Asked <LocalTime iso={item.createdAt} />
                {item.expiresAt ? (
                  <>
                    {" "}
                    · expires <LocalTime iso={item.expiresAt} />
                  </>
                ) : null}
              </p>
            </div>
            <p className="shrink-0 text-right text-sm font-semibold text-zinc-900" data-testid="approval-cost">
              {expectedCostText(item.expected)}
            </p>
          </li>
        ))}
      </ul>
      <div className="space-y-3 border-t border-zinc-200 px-4 py-3">
        <label htmlFor="approval-note" className="block text-sm font-medium text-zinc-800">
          Note for the requester (optional)
        </label>
        <textarea
          id="approval-note"
          rows={2}
          maxLength={500}
          className={controlClass(false)}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        {problem ? <Alert tone="error" title={problem} /> : null}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" disabled={chosen.length === 0} busy={decide.isPending} onClick={() => send("reject")}>
            Refuse {chosen.length > 0 ? chosen.length : ""}
          </Button>
          <Button disabled={chosen.length === 0} busy={decide.isPending} onClick={() => send("approve")}>
            Approve {chosen.length > 0 ? chosen.length : ""}
          </Button>
        </div>
      </div>
      {results ? <DecisionResults results={results} onClose={() => setResults(null)} /> : null}
    </Card>
  );
}

function DecisionResults({ results, onClose }: { results: ApprovalResult[]; onClose: () => void }) {
  const odd = results.filter((result) => result.outcome === "not_waiting" || result.outcome === "not_found");
  if (odd.length === 0) return null;
  return (
    <Alert tone="warning" title={`${odd.length} could not be decided.`} className="m-4">
      <ul className="list-disc pl-4">
        {odd.map((result) => (
          <li key={result.id}>{result.message}</li>
        ))}
      </ul>
      <Button variant="ghost" size="sm" onClick={onClose}>
        Dismiss
      </Button>
    </Alert>
  );
}
