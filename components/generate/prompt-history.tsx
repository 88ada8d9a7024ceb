"use client";
import { History } from "lucide-react";
import { Suspense, lazy } from "react";
import { usePopover } from "@/components/ui/use-popover";
import { PromptsLoading } from "./prompts-loading";

// The list (and its read of /api/prompts) loads when the history is first opened; until its code
// is there, the panel says it is loading, as it does while the prompts are read.
const PromptHistoryList = lazy(() => import("./prompt-history-list").then((module) => ({ default: module.PromptHistoryList })));

/**
 * "Recent": my latest prompts, to pick one back into the prompt box. Read only once opened; closes
 * on a choice, on Escape and on a click elsewhere.
 */
export function PromptHistory({ onPick }: { onPick: (prompt: string) => void }) {
  const { open, setOpen, ref, onKeyDown } = usePopover();
  return (
    <div ref={ref} className="relative" onKeyDown={onKeyDown}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="prompt-history"
        onClick={() => setOpen(!open)}
        className="inline-flex items-center gap-1 rounded text-xs font-medium text-brand-700 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40"
      >
        <History className="size-3.5" aria-hidden="true" /> Recent prompts
      </button>
      {open ? (
        <Suspense fallback={<PromptsLoading />}>
          <PromptHistoryList
            onPick={(prompt) => {
              onPick(prompt);
              setOpen(false);
            }}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
