"use client";
import { History } from "lucide-react";
import { Spinner } from "@/components/ui/spinner";
import { usePopover } from "@/components/ui/use-popover";
import { useRecentPrompts } from "@/lib/client/tasks";

/**
 * "Recent": my latest prompts, to pick one back into the prompt box. Read only once opened; closes
 * on a choice, on Escape and on a click elsewhere.
 */
export function PromptHistory({ onPick }: { onPick: (prompt: string) => void }) {
  const { open, setOpen, ref, onKeyDown } = usePopover();
  const prompts = useRecentPrompts(open);
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
        <div
          id="prompt-history"
          className="absolute right-0 z-20 mt-1 w-[min(28rem,calc(100vw-3rem))] rounded-xl border border-zinc-200 bg-surface p-1 shadow-lg"
        >
          {prompts.isPending ? (
            <p className="flex items-center gap-2 p-2 text-sm text-zinc-500">
              <Spinner className="size-4" /> Loading…
            </p>
          ) : prompts.isError ? (
            <p className="p-2 text-sm text-red-700">Your prompts could not be loaded.</p>
          ) : prompts.data.length === 0 ? (
            <p className="p-2 text-sm text-zinc-500">Prompts you generate with show up here.</p>
          ) : (
            <ul aria-label="Recent prompts" className="max-h-72 overflow-y-auto">
              {prompts.data.map((prompt) => (
                <li key={prompt}>
                  <button
                    type="button"
                    onClick={() => {
                      onPick(prompt);
                      setOpen(false);
                    }}
                    className="line-clamp-2 w-full rounded-lg px-2 py-1.5 text-left text-sm text-zinc-800 hover:bg-zinc-50 focus-visible:bg-zinc-50 focus-visible:outline-none"
                  >
                    {prompt}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
