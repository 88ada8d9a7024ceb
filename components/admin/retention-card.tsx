"use client";
import { CalendarClock } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, controlClass, describedBy } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { isApiError } from "@/lib/client/api";
import { useRetention, useSaveRetention } from "@/lib/client/deleting";
import { useToasts } from "@/lib/client/toasts";
import { RETENTION_MAX_DAYS, type RetentionView } from "@/lib/shared/retention";

// Admin > Deleted: the retention rule. Before saving, the admin sees how many outputs the number
// they typed would delete at the next hourly sweep, so a rule never removes more than they meant.

const DEFAULT_DAYS = 90;

export function RetentionCard() {
  const current = useRetention(null);
  return (
    <Card className="p-4 sm:p-5" role="region" aria-labelledby="retention-heading">
      <h2 id="retention-heading" className="flex items-center gap-2 text-base font-semibold text-zinc-900">
        <CalendarClock className="size-4 text-zinc-400" aria-hidden="true" /> Retention
      </h2>
      <p className="mt-1 text-sm text-zinc-500">
        Delete finished outputs nobody has favourited once they are older than a number of days. They land here first, with their files kept
        for the grace period. A favourite keeps an output for good, and so does restoring it.
      </p>
      {current.isPending ? (
        <p className="mt-4 text-sm text-zinc-500">Loading…</p>
      ) : current.isError ? (
        <Alert tone="error" title="The retention rule could not be loaded." className="mt-4" />
      ) : (
        // Not keyed by the saved value: a remount while saving would drop the save's own callbacks.
        <RetentionForm saved={current.data} />
      )}
    </Card>
  );
}

function parseDays(text: string): number | "invalid" {
  if (!/^\d{1,4}$/.test(text.trim())) return "invalid";
  const days = Number(text.trim());
  return days >= 1 && days <= RETENTION_MAX_DAYS ? days : "invalid";
}

function RetentionForm({ saved }: { saved: RetentionView }) {
  const save = useSaveRetention();
  const toasts = useToasts();
  const [on, setOn] = useState(saved.days !== null);
  const [text, setText] = useState(String(saved.days ?? DEFAULT_DAYS));
  const [error, setError] = useState<string | null>(null);
  const days = parseDays(text);
  const preview = useRetention(on && days !== "invalid" ? days : null);
  const wanted = on ? days : null;
  const unchanged = wanted === saved.days;
  const submit = () => {
    setError(null);
    if (wanted === "invalid") {
      setError(`Enter a whole number of days from 1 to ${RETENTION_MAX_DAYS.toLocaleString("en-US")}.`);
      return;
    }
    save.mutate(wanted, {
      onSuccess: () =>
        toasts.show({
          tone: "success",
          title: wanted === null ? "Retention is off." : `Outputs are kept ${wanted} days unless favourited.`,
        }),
      onError: (failure) => setError(isApiError(failure) ? (failure.fields.days ?? failure.message) : "It could not be saved. Try again."),
    });
  };
  return (
    <form
      className="mt-4 space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label className="flex items-center gap-2 text-sm font-medium text-zinc-800">
        <input type="checkbox" className="size-4 accent-brand-600" checked={on} onChange={(event) => setOn(event.target.checked)} />
        Delete unfavourited outputs automatically
      </label>
      {on ? (
        <Field id="retention-days" label="Keep outputs for (days)" error={error ?? undefined}>
          <div className="w-28">
            <input
              id="retention-days"
              inputMode="numeric"
              className={controlClass(Boolean(error))}
              aria-invalid={Boolean(error)}
              aria-describedby={describedBy("retention-days", error ?? undefined, false)}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
        </Field>
      ) : error ? (
        <Alert tone="error" title={error} />
      ) : null}
      <p className="text-sm text-zinc-600" aria-live="polite" data-testid="retention-due">
        {wanted === null
          ? "Off: nothing is deleted unless a person deletes it."
          : wanted === "invalid" || !preview.data
            ? null
            : preview.data.due === 0
              ? `With ${wanted} days, nothing is due now.`
              : `With ${wanted} days, ${preview.data.due.toLocaleString("en-US")} ${preview.data.due === 1 ? "output is" : "outputs are"} due and will be deleted at the next hourly sweep.`}
      </p>
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-100 pt-4">
        <p className="text-sm text-zinc-500">
          {saved.updatedAt ? (
            <>
              Last changed{saved.updatedBy ? ` by ${saved.updatedBy}` : ""} <LocalTime iso={saved.updatedAt} />
            </>
          ) : (
            "Never set: off."
          )}
        </p>
        <Button type="submit" busy={save.isPending} disabled={unchanged}>
          Save retention
        </Button>
      </div>
    </form>
  );
}
