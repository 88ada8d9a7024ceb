"use client";
import { useRecentPrompts } from "@/lib/client/tasks";
import { PROMPTS_PANEL, PromptsLoading } from "./prompts-loading";

/** The open "Recent prompts" panel: my latest prompts, read when it first shows. */
export function PromptHistoryList({ onPick }: { onPick: (prompt: string) => void }) {
  const prompts = useRecentPrompts(true);
  return (
    <div id="prompt-history" className={PROMPTS_PANEL}>
      {prompts.isPending ? (
        <PromptsLoading bare />
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
                onClick={() => onPick(prompt)}
                className="line-clamp-2 w-full rounded-lg px-2 py-1.5 text-left text-sm text-zinc-800 hover:bg-zinc-50 focus-visible:bg-zinc-50 focus-visible:outline-none"
              >
                {prompt}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
