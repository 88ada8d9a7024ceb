"use client";
import { Lock, Users } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, describedBy } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";
import { isApiError } from "@/lib/client/api";
import { useCreatePreset, useDeletePreset, usePresets, useUpdatePreset } from "@/lib/client/presets";
import { modelKey, type ModelOption } from "@/lib/shared/catalog/options";
import { PRESET_NAME_MAX, presetSettingsFrom, type PresetView } from "@/lib/shared/presets";

export type PresetsPanelProps = {
  models: ModelOption[];
  /** The model chosen now and the form's values: what "Save" keeps. */
  current: { model: ModelOption; values: Record<string, unknown> };
  onApply: (preset: PresetView) => void;
};

/** The Presets menu's content: save what is on the form, and mine and the team's to apply. */
export function PresetsPanel({ models, current, onApply }: PresetsPanelProps) {
  const presets = usePresets(true);
  const usable = new Map(models.filter((model) => !model.unavailable).map((model) => [modelKey(model), model]));
  const mine = presets.data?.filter((preset) => preset.mine) ?? [];
  const team = presets.data?.filter((preset) => !preset.mine) ?? [];
  return (
    <div className="max-h-[min(36rem,calc(100vh-8rem))] overflow-y-auto">
      <SavePreset current={current} />
      {presets.isPending ? (
        <p className="flex items-center gap-2 p-3 text-sm text-zinc-500">
          <Spinner className="size-4" /> Loading…
        </p>
      ) : presets.isError ? (
        <p className="p-3 text-sm text-red-700">Presets could not be loaded. Close and open the menu to try again.</p>
      ) : presets.data.length === 0 ? (
        <p className="p-3 text-sm text-zinc-600">
          No presets yet. Save the model, settings and prompt you use often, and apply them here in one click.
        </p>
      ) : (
        <>
          <PresetList title="Yours" presets={mine} usable={usable} onApply={onApply} />
          <PresetList title="Shared by the team" presets={team} usable={usable} onApply={onApply} />
        </>
      )}
    </div>
  );
}

function SavePreset({ current }: Pick<PresetsPanelProps, "current">) {
  const create = useCreatePreset();
  const replace = useUpdatePreset();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [withPrompt, setWithPrompt] = useState(true);
  const [problem, setProblem] = useState<{ message: string; existing?: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const prompt = typeof current.values.prompt === "string" ? current.values.prompt : "";
  const content = () => ({
    provider: current.model.provider,
    model: current.model.id,
    settings: presetSettingsFrom(current.model.fields, current.values),
    prompt: withPrompt ? prompt : "",
    shared,
  });
  const done = (preset: PresetView) => {
    setSaved(preset.name);
    setProblem(null);
    setName("");
    setShared(false);
  };
  const failed = (error: unknown) => {
    if (!isApiError(error)) return setProblem({ message: "Cutroom could not be reached. Try again." });
    const fields = error.fields;
    const existing = error.details.existingPresetId;
    setProblem({
      message: fields.name ?? Object.values(fields)[0] ?? error.message,
      existing: typeof existing === "string" ? existing : undefined,
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    create.mutate({ name, ...content() }, { onSuccess: done, onError: failed });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-2 border-b border-zinc-200 p-3" aria-label="Save as a preset">
      <label htmlFor="preset-name" className="block text-sm font-medium text-zinc-800">
        Save these settings as a preset
      </label>
      <div className="flex gap-2">
        <input
          id="preset-name"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setProblem(null);
          }}
          maxLength={PRESET_NAME_MAX}
          placeholder={`Name, like “${current.model.label} teaser”`}
          className={controlClass(Boolean(problem), { size: "sm" })}
          aria-invalid={Boolean(problem)}
          aria-describedby={describedBy("preset-name", problem?.message)}
        />
        <Button type="submit" size="sm" busy={create.isPending}>
          Save
        </Button>
      </div>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-700">
        <label className="inline-flex items-center gap-1.5">
          <input type="checkbox" checked={withPrompt} onChange={(event) => setWithPrompt(event.target.checked)} disabled={!prompt} />
          Include the prompt
        </label>
        <label className="inline-flex items-center gap-1.5">
          <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
          Share with the team
        </label>
      </div>
      {problem ? (
        <div id="preset-name-error" role="alert" className="space-y-1.5 text-sm text-red-700">
          <p>{problem.message}</p>
          {problem.existing ? (
            <Button
              variant="secondary"
              size="sm"
              busy={replace.isPending}
              onClick={() => replace.mutate({ id: problem.existing!, name, ...content() }, { onSuccess: done, onError: failed })}
            >
              Replace it with these settings
            </Button>
          ) : null}
        </div>
      ) : saved ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-2 py-1 text-sm text-emerald-800">
          Saved “{saved}”.
        </p>
      ) : null}
    </form>
  );
}

function PresetList({
  title,
  presets,
  usable,
  onApply,
}: {
  title: string;
  presets: PresetView[];
  usable: Map<string, ModelOption>;
  onApply: (preset: PresetView) => void;
}) {
  if (presets.length === 0) return null;
  return (
    <section className="p-1.5" aria-label={title}>
      <h3 className="px-1.5 pt-1.5 pb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      <ul className="space-y-0.5">
        {presets.map((preset) => (
          <PresetRow key={preset.id} preset={preset} model={usable.get(preset.modelKey)} onApply={onApply} />
        ))}
      </ul>
    </section>
  );
}

function PresetRow({
  preset,
  model,
  onApply,
}: {
  preset: PresetView;
  model: ModelOption | undefined;
  onApply: (preset: PresetView) => void;
}) {
  const update = useUpdatePreset();
  const remove = useDeletePreset();
  const [confirming, setConfirming] = useState(false);
  const failure = update.error ?? remove.error;
  const where = model ? `${model.label} · ${model.providerLabel}` : "Its model is not available to you";
  const who = preset.mine ? (preset.shared ? "Shared with the team" : "Only you") : `By ${preset.ownerName}`;
  if (confirming) {
    return (
      <li className="flex flex-wrap items-center gap-2 rounded-lg bg-red-50 px-2 py-1.5 text-sm text-red-800">
        <span className="min-w-0 flex-1 break-words">
          Delete “{preset.name}”{preset.shared ? " for the whole team" : ""}?
        </span>
        <Button variant="danger" size="sm" busy={remove.isPending} onClick={() => remove.mutate(preset.id)}>
          Delete
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>
          Keep
        </Button>
      </li>
    );
  }
  return (
    <li className="flex items-start gap-1 rounded-lg hover:bg-zinc-50">
      <button
        type="button"
        disabled={!model}
        onClick={() => onApply(preset)}
        className="min-w-0 flex-1 rounded-lg px-2 py-1.5 text-left focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40 disabled:cursor-not-allowed"
      >
        <span className="line-clamp-2 block text-sm font-medium break-words text-zinc-900">{preset.name}</span>
        <span className="block text-xs text-zinc-600">
          {where} · {who}
          {preset.prompt ? " · with prompt" : ""}
        </span>
        {failure ? (
          <span role="alert" className="block text-xs text-red-700">
            {failure.message}
          </span>
        ) : null}
      </button>
      {preset.mine ? (
        <button
          type="button"
          onClick={() => update.mutate({ id: preset.id, shared: !preset.shared })}
          disabled={update.isPending}
          aria-label={preset.shared ? `Make “${preset.name}” private` : `Share “${preset.name}” with the team`}
          className="mt-1 inline-flex h-7 shrink-0 items-center gap-1 rounded-md px-1.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40"
        >
          {preset.shared ? <Lock className="size-3.5" aria-hidden="true" /> : <Users className="size-3.5" aria-hidden="true" />}
          {preset.shared ? "Unshare" : "Share"}
        </button>
      ) : null}
      {preset.canDelete ? (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          aria-label={`Delete “${preset.name}”`}
          className="mt-1 mr-1 inline-flex h-7 shrink-0 items-center rounded-md px-1.5 text-xs font-medium text-red-700 hover:bg-red-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-red-500/40"
        >
          Delete
        </button>
      ) : null}
    </li>
  );
}
