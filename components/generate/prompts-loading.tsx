import { Spinner } from "@/components/ui/spinner";

export const PROMPTS_PANEL =
  "absolute right-0 z-20 mt-1 w-[min(28rem,calc(100vw-3rem))] rounded-xl border border-zinc-200 bg-surface p-1 shadow-lg";

/** "Loading…" in the prompt history: inside its panel (`bare`), or as the whole panel while its code loads. */
export function PromptsLoading({ bare = false }: { bare?: boolean }) {
  const line = (
    <p className="flex items-center gap-2 p-2 text-sm text-zinc-500">
      <Spinner className="size-4" /> Loading…
    </p>
  );
  return bare ? (
    line
  ) : (
    <div id="prompt-history" className={PROMPTS_PANEL}>
      {line}
    </div>
  );
}
