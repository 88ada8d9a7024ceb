"use client";
import { Coins } from "lucide-react";
import { Spinner } from "@/components/ui/spinner";
import { isApiError } from "@/lib/client/api";
import type { QuoteView } from "@/lib/shared/tasks-api";

/** What this member has left of each limit, so a refusal is never a surprise. */
function LimitsLeft({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <span className="basis-full text-xs text-zinc-500" data-testid="limits-left">
      {text}
    </span>
  );
}

export const creditsLabel = (value: number) => `${value.toLocaleString("en-US")} credit${value === 1 ? "" : "s"}`;
const credits = creditsLabel;

/** The provider's price for the current settings, or why it is not shown yet. */
export function CostLine({
  ready,
  quote,
  loading,
  error,
  count = 1,
}: {
  ready: boolean;
  quote: QuoteView | undefined;
  loading: boolean;
  error: unknown;
  /** How many variants the price is for (each costs it). */
  count?: number;
}) {
  let body;
  if (!ready) body = <span className="text-zinc-500">Fill in the form to see the cost.</span>;
  else if (error && !quote)
    body = <span className="text-red-700">{isApiError(error) ? error.message : "Could not get a price from the provider."}</span>;
  else if (!quote)
    body = (
      <span className="flex items-center gap-2 text-zinc-500">
        <Spinner className="size-4" /> Asking the provider for a price…
      </span>
    );
  else
    body = (
      <span className="flex flex-wrap items-baseline gap-x-2">
        {quote.credits !== null ? (
          <span className="font-semibold text-zinc-900" data-testid="cost">
            {credits(quote.credits)}
          </span>
        ) : (
          <span className="text-zinc-700" data-testid="cost">
            {/* The provider prices it only once it runs: what Cutroom holds for it until then. */}
            {quote.spend.expectedText}
          </span>
        )}
        {count > 1 ? (
          <span className="text-zinc-700" data-testid="cost-total">
            each, {quote.credits !== null ? `${credits(quote.credits * count)} for ${count}` : `${count} variants`}
          </span>
        ) : null}
        {quote.balance !== null ? (
          <span className="text-zinc-500">
            {quote.credits !== null ? "of" : "·"} {credits(quote.balance)} available
          </span>
        ) : null}
        {loading ? <Spinner className="size-3.5 self-center text-zinc-400" /> : null}
        <LimitsLeft text={quote.spend.limitsText} />
      </span>
    );
  return (
    <div className="flex items-start gap-2 text-sm" aria-live="polite">
      <Coins className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-hidden="true" />
      <div className="min-w-0">
        <span className="sr-only">Cost: </span>
        {body}
      </div>
    </div>
  );
}
