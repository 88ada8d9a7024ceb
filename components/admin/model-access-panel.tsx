"use client";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClass } from "@/components/ui/field";
import { isApiError } from "@/lib/client/api";
import { useModelAccess, useSaveAccess } from "@/lib/client/budgets";
import { useModels } from "@/lib/client/team";
import { useToasts } from "@/lib/client/toasts";
import type { ModelAccessView } from "@/lib/shared/budgets";
import type { ModelOption } from "@/lib/shared/catalog/options";
import type { UserView } from "@/lib/shared/users";

// Admin > Budgets: which models members may use. "Every member" sets the default; a person's own
// list replaces it for them. Admins are never restricted.

const EVERYONE = "*";

export function ModelAccessPanel({ users, models: initialModels }: { users: UserView[]; models: ModelOption[] }) {
  const access = useModelAccess();
  const models = useModels(initialModels).data ?? initialModels;
  const [subject, setSubject] = useState(EVERYONE);
  const members = users.filter((user) => user.role === "member" && !user.disabled);
  const lists = access.data ?? [];
  const summary = (who: string) => {
    const list = lists.find((entry) => entry.subject === who)?.allowed;
    if (!list) return who === EVERYONE ? "every model" : "as every member";
    return list.length === 0 ? "no models" : `${list.length} allowed`;
  };
  return (
    <Card className="p-4 sm:p-5" role="region" aria-labelledby="model-access-heading">
      <h2 id="model-access-heading" className="text-base font-semibold text-zinc-900">
        Model access
      </h2>
      <p className="mt-1 text-sm text-zinc-500">Keep dear models for the people who need them. Admins can always use every model.</p>
      <label htmlFor="access-subject" className="mt-4 block text-sm font-medium text-zinc-800">
        Who
      </label>
      <select
        id="access-subject"
        className={`${controlClass(false)} mt-1.5 sm:w-80`}
        value={subject}
        onChange={(event) => setSubject(event.target.value)}
      >
        <option value={EVERYONE}>Every member ({summary(EVERYONE)})</option>
        {members.map((user) => (
          <option key={user.id} value={user.id}>
            {user.name} ({summary(user.id)})
          </option>
        ))}
      </select>
      {access.isPending ? (
        <p className="mt-4 text-sm text-zinc-500">Loading…</p>
      ) : (
        <AccessEditor key={`${subject}:${JSON.stringify(lists)}`} subject={subject} lists={lists} models={models} />
      )}
    </Card>
  );
}

function AccessEditor({ subject, lists, models }: { subject: string; lists: ModelAccessView; models: ModelOption[] }) {
  const stored = lists.find((entry) => entry.subject === subject)?.allowed ?? null;
  const [restricted, setRestricted] = useState(stored !== null);
  const [allowed, setAllowed] = useState<Set<string>>(new Set(stored ?? []));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveAccess();
  const toasts = useToasts();
  const providers = [...new Map(models.map((model) => [model.provider, model.providerLabel])).entries()];
  const toggle = (entry: string, on: boolean) => {
    const next = new Set(allowed);
    if (on) next.add(entry);
    else next.delete(entry);
    setAllowed(next);
  };
  const who = subject === EVERYONE ? "every member" : "this person";
  return (
    <form
      className="mt-4 space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        setProblem(null);
        save.mutate(
          { subject, allowed: restricted ? [...allowed] : null },
          {
            onSuccess: () => toasts.show({ tone: "success", title: "Model access saved." }),
            onError: (error) => setProblem(isApiError(error) ? error.message : "Model access could not be saved. Try again."),
          },
        );
      }}
    >
      <fieldset className="space-y-2">
        <legend className="sr-only">Which models</legend>
        <label className="flex items-center gap-2 text-sm text-zinc-800">
          <input type="radio" name="restricted" checked={!restricted} onChange={() => setRestricted(false)} />
          {subject === EVERYONE ? "Every model" : "The same as every member"}
        </label>
        <label className="flex items-center gap-2 text-sm text-zinc-800">
          <input type="radio" name="restricted" checked={restricted} onChange={() => setRestricted(true)} />
          Only the models ticked below
        </label>
      </fieldset>
      {restricted ? (
        <div className="grid gap-4 md:grid-cols-3">
          {providers.map(([provider, label]) => {
            const whole = allowed.has(provider);
            return (
              <fieldset key={provider} className="rounded-lg border border-zinc-200 p-3">
                <legend className="px-1 text-sm font-medium text-zinc-900">{label}</legend>
                <label className="flex items-center gap-2 text-sm font-medium text-zinc-800">
                  <input type="checkbox" checked={whole} onChange={(event) => toggle(provider, event.target.checked)} />
                  All {label} models
                </label>
                <ul className="mt-2 space-y-1.5">
                  {models
                    .filter((model) => model.provider === provider)
                    .map((model) => {
                      const entry = `${provider}/${model.id}`;
                      return (
                        <li key={entry}>
                          <label className="flex items-start gap-2 text-sm text-zinc-700">
                            <input
                              type="checkbox"
                              className="mt-0.5"
                              disabled={whole}
                              checked={whole || allowed.has(entry)}
                              onChange={(event) => toggle(entry, event.target.checked)}
                            />
                            {model.label}
                          </label>
                        </li>
                      );
                    })}
                </ul>
              </fieldset>
            );
          })}
        </div>
      ) : null}
      {restricted && allowed.size === 0 ? <Alert tone="warning" title={`Nothing ticked: ${who} could not generate at all.`} /> : null}
      {problem ? <Alert tone="error" title={problem} /> : null}
      <div className="flex justify-end border-t border-zinc-100 pt-4">
        <Button type="submit" busy={save.isPending}>
          Save model access
        </Button>
      </div>
    </form>
  );
}
