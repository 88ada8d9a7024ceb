"use client";
import { lazyComponent as dynamic } from "@/components/ui/lazy";
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Controller, useForm, useWatch, type Resolver, type UseFormReturn } from "react-hook-form";
import { ProviderBanner } from "./provider-banner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, controlClass, describedBy } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { isApiError } from "@/lib/client/api";
import { applyApiError } from "@/lib/client/form-errors";
import { rememberSettings, recallSettings, type SavedSettings } from "@/lib/client/last-settings";
import { useQuote } from "@/lib/client/quotes";
import { useCreateTask } from "@/lib/client/tasks";
import { useDebounced } from "@/lib/client/use-debounced";
import type { UploadView } from "@/lib/client/uploads";
import { defaultValuesForFields, inputSchemaFor, schemaForFields, type FieldSpec, type ImageRef } from "@/lib/shared/catalog/fields";
import { modelKey, type ModelOption } from "@/lib/shared/catalog/options";
import type { PresetView } from "@/lib/shared/presets";
import { MAX_VARIANTS } from "@/lib/shared/tasks-api";
import type { Problem, Sent } from "./submit-outcome";
import { ChoiceInput } from "./choice-field";
import { CostLine, creditsLabel } from "./cost-line";
import { ModelPicker } from "./model-picker";
import { PresetsMenu } from "./presets-menu";
import { PromptHistory } from "./prompt-history";
import { LineInput, NumberInput, SwitchInput } from "./schema-fields";

// Only some models take an image or segments; their editors load when such a model is chosen, so
// the default text-to-video form ships without them.
const editorLoading = () => <div className="h-28 animate-pulse rounded-lg bg-zinc-100" aria-hidden="true" />;
const ImageInput = dynamic(() => import("./image-input").then((module) => module.ImageInput), { loading: editorLoading });
const SegmentsEditor = dynamic(() => import("./segments-editor").then((module) => module.SegmentsEditor), { loading: editorLoading });
// What a submit or a price has to say, and where a re-run started from, load when there is any.
const SubmitOutcome = dynamic(() => import("./submit-outcome").then((module) => module.SubmitOutcome));
const StartNotice = dynamic(() => import("./submit-outcome").then((module) => module.StartNotice));
const ImageListInput = dynamic(() => import("./image-list-input").then((module) => module.ImageListInput), { loading: editorLoading });

type Values = Record<string, unknown>;

/**
 * zod's resolver for react-hook-form, loaded at the form's first validation (a blur or a submit)
 * rather than on the cold load: Generate's script budget (docs/BENCHMARKS.md) cannot spare its
 * 1.3 KB before anyone has typed. react-hook-form awaits a resolver, so nothing else changes.
 */
function lazyZodResolver(schema: ReturnType<typeof inputSchemaFor>): Resolver<Values> {
  return async (values, context, options) => {
    const { zodResolver } = await import("@hookform/resolvers/zod");
    return (zodResolver(schema) as unknown as Resolver<Values>)(values, context, options);
  };
}

/** Where the form starts: a re-run of a task, or an image of mine (a result used as input). */
export type GenerateStart = SavedSettings & { fromTask?: string; fromImage?: UploadView; projectId?: string | null };

/**
 * The generation form. It starts from `initial` (a re-run of a task) or else from the settings this
 * browser used last; settings models share (prompt, image) survive a change of model.
 */
export function GenerateForm({
  models,
  initial,
  projects = [],
  initialProject = null,
}: {
  models: ModelOption[];
  initial?: GenerateStart;
  /** The team's projects to file new tasks under (read with the page). */
  projects?: ProjectChoice[];
  initialProject?: string | null;
}) {
  // Models without a usable schema are listed by the picker but never chosen.
  const usable = models.filter((model) => !model.unavailable);
  const [selected, setSelected] = useState(initial?.modelKey ?? modelKey(usable[0]!));
  const [carried, setCarried] = useState<Values>(initial?.values ?? {});
  const [generation, setGeneration] = useState(0);
  const remember = useCallback((values: Values) => setCarried((previous) => ({ ...previous, ...values })), []);
  // What Cutroom knows of each uploaded image (name, size), so a carried image keeps its caption.
  const [uploads, setUploads] = useState<Record<string, UploadView>>(() =>
    initial?.fromImage ? { [initial.fromImage.id]: initial.fromImage } : {},
  );
  const rememberUpload = useCallback((upload: UploadView) => setUploads((previous) => ({ ...previous, [upload.id]: upload })), []);
  // The project stays chosen across models and submits, as the settings do.
  const [projectId, setProjectId] = useState<string | null>(initialProject);

  // Without a re-run, pick up where this browser left off (read after mount: it is local storage).
  useEffect(() => {
    if (initial) return;
    const saved = recallSettings();
    if (!saved || !models.some((model) => modelKey(model) === saved.modelKey && !model.unavailable)) return;
    // Local storage exists only in the browser, so this one-time sync cannot happen during render.
    /* eslint-disable react-hooks/set-state-in-effect */
    setSelected(saved.modelKey);
    setCarried(saved.values);
    setGeneration((value) => value + 1);
    /* eslint-enable react-hooks/set-state-in-effect */
  }, [initial, models]);

  // A preset sets the model, its settings and (when it has one) the prompt; an image stays.
  const [applied, setApplied] = useState<string | null>(null);
  const applyPreset = (preset: PresetView) => {
    setSelected(preset.modelKey);
    setCarried((previous) => ({ ...previous, ...preset.settings, ...(preset.prompt ? { prompt: preset.prompt } : {}) }));
    setGeneration((value) => value + 1);
    setApplied(preset.name);
  };

  const model = usable.find((option) => modelKey(option) === selected) ?? usable[0]!;
  return (
    <Card className="p-4 sm:p-6">
      <div className="space-y-6">
        {initial?.fromTask || initial?.fromImage ? <StartNotice fromTask={initial.fromTask} /> : null}
        <ProviderBanner provider={model.provider} />
        <ModelPicker
          models={models}
          value={selected}
          onChange={(key) => {
            setSelected(key);
            setApplied(null);
          }}
          aside={<PresetsMenu models={models} current={{ model, values: carried }} onApply={applyPreset} />}
        />
        {applied ? (
          <p role="status" className="-mt-3 text-sm text-zinc-600">
            Applied the preset “{applied}”: change anything you like, then generate.
          </p>
        ) : null}
        <ModelForm
          key={`${selected}:${generation}`}
          model={model}
          carried={carried}
          onValuesChange={remember}
          uploads={uploads}
          onUpload={rememberUpload}
          project={{ choices: projects, value: projectId, onChange: setProjectId }}
        />
      </div>
    </Card>
  );
}

function priceSignature(model: ModelOption, input: Values): string {
  // Only what the provider's formulas read: text is left out so typing never re-asks for a price.
  const parts = model.fields.map((field) => {
    if (field.kind === "text") return null;
    if (field.kind === "segments") return Array.isArray(input[field.name]) ? (input[field.name] as unknown[]).length : 0;
    if (field.kind === "image" || field.kind === "images") return input[field.name] ? JSON.stringify(input[field.name]) : null;
    return input[field.name] ?? null;
  });
  return JSON.stringify([model.provider, model.id, parts]);
}

type ProjectChoice = { id: string; name: string };
type ModelFormProps = {
  model: ModelOption;
  carried: Values;
  onValuesChange: (values: Values) => void;
  uploads: Record<string, UploadView>;
  onUpload: (upload: UploadView) => void;
  project: { choices: ProjectChoice[]; value: string | null; onChange: (id: string | null) => void };
};

function ModelForm({ model, carried: previous, onValuesChange, uploads, onUpload, project }: ModelFormProps) {
  const schema = inputSchemaFor(model);
  const names = model.fields.map((field) => field.name);
  // What was typed for the last model carries over where this model has a field of that name that
  // takes the value (a prompt, an aspect ratio); a duration of 5 s does not go to a model of 8 s only.
  // Text always carries over, even past this model's limit: the counter says how much to cut, and
  // a prompt someone wrote is never thrown away by a change of model.
  const [defaultValues] = useState(() => ({
    ...defaultValuesForFields(model.fields),
    ...Object.fromEntries(
      model.fields
        .filter(
          (field) =>
            field.name in previous &&
            ((field.kind === "text" && typeof previous[field.name] === "string") ||
              schemaForFields([field]).safeParse({ [field.name]: previous[field.name] }).success),
        )
        .map((field) => [field.name, previous[field.name]]),
    ),
  }));
  const form = useForm<Values>({
    resolver: lazyZodResolver(schema),
    defaultValues,
    mode: "onTouched",
  });
  const create = useCreateTask();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const [variants, setVariants] = useState(1);

  const values = useWatch({ control: form.control }) as Values;
  useEffect(() => onValuesChange(values), [values, onValuesChange]);
  const settled = useDebounced(values, 350);
  const parsed = schema.safeParse(settled);
  const quoteBody = parsed.success
    ? { provider: model.provider, model: model.id, input: parsed.data as Values, ...(variants > 1 ? { variants } : {}) }
    : null;
  const quote = useQuote(quoteBody, `${priceSignature(model, parsed.success ? (parsed.data as Values) : settled)}:${variants}`);
  const unaffordable = quote.data?.affordable === false;
  // A create the budgets would refuse is refused here first, in the same words.
  const overBudget = quote.data?.spend.refusal ?? null;
  const blocked = unaffordable || overBudget !== null;

  // One submit at a time, from the click until the create settles: validation awaits the resolver
  // (loaded at the first one), and a double click's second click must not start a second paid task
  // meanwhile.
  const submitting = useRef(false);
  const send = (input: Values, force = false) => {
    setProblem(null);
    setSent(null);
    create.mutate(
      {
        provider: model.provider,
        model: model.id,
        input,
        ...(force ? { force } : {}),
        ...(variants > 1 ? { variants } : {}),
        ...(project.value ? { projectId: project.value } : {}),
      },
      {
        onSuccess: (tasks) => {
          const task = tasks[0]!;
          rememberSettings({ modelKey: modelKey(model), values: input });
          const fields = task.error?.fields;
          if (task.state === "failed" && fields && Object.keys(fields).length > 0) {
            for (const [name, message] of Object.entries(fields)) form.setError(name, { type: "server", message });
            setProblem({ message: `${task.providerLabel} did not accept these settings: ${task.error!.message}`, taskId: task.id });
            return;
          }
          // The form stays as it is, for the next one; the feed beside it shows the task.
          setSent({ id: task.id, count: tasks.length, providerLabel: task.providerLabel });
        },
        onSettled: () => {
          submitting.current = false;
        },
        onError: (error) => {
          if (isApiError(error, 409) && "existingTaskId" in error.details) {
            setProblem({ message: error.message, duplicateOf: (error.details.existingTaskId as string | null) ?? null });
            return;
          }
          const message = applyApiError(error, form.setError, names);
          setProblem(message ? { message } : null);
        },
      },
    );
  };
  const onSubmit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (submitting.current) return;
    submitting.current = true;
    let valid = false;
    await form.handleSubmit((input) => {
      valid = true;
      send(input);
    })(event);
    if (!valid) submitting.current = false;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      // The shortcut obeys the same rules as the button: never a second paid task while one is sent.
      if (!create.isPending && !blocked) void onSubmit();
    }
  };

  const errorFor = (name: string) => {
    const error = form.formState.errors[name];
    return typeof error?.message === "string" ? error.message : undefined;
  };
  // The aspect-ratio field, whatever the provider calls it, for the image hint.
  const aspectField = model.fields.find((field) => field.kind === "choice" && /^(aspect_?)?ratio$/i.test(field.name));
  const aspect = aspectField && typeof values[aspectField.name] === "string" ? (values[aspectField.name] as string) : undefined;
  // Pasting an image fills the first single-image field.
  const pasteTarget = model.fields.find((field) => field.kind === "image")?.name;
  const { primary, advanced } = splitFields(model.fields);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const control = (field: FieldSpec) => (
    <FieldControl
      key={field.name}
      field={field}
      form={form}
      error={errorFor(field.name)}
      uploads={uploads}
      onUpload={onUpload}
      targetAspect={aspect}
      acceptPaste={field.name === pasteTarget}
      uploadsBlocked={model.uploadsBlocked}
    />
  );

  return (
    <form onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="space-y-5">
      {primary.map(control)}
      {advanced.length > 0 ? (
        <details
          // Opens by itself when one of its fields has something to say or has been filled in.
          open={advancedOpen || advanced.some((field) => errorFor(field.name) || hasValue(values[field.name]))}
          onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}
          className="rounded-lg border border-zinc-200"
        >
          <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-zinc-700 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40">
            More settings ({advanced.map((field) => field.label.replace(/ \(optional\)$/, "")).join(", ")})
          </summary>
          <div className="space-y-5 border-t border-zinc-200 p-3">{advanced.map(control)}</div>
        </details>
      ) : null}

      {problem || sent || overBudget || unaffordable ? (
        <SubmitOutcome
          problem={problem}
          sent={sent}
          overBudget={overBudget}
          unaffordable={unaffordable}
          sandbox={quote.data?.sandbox ?? false}
          sending={create.isPending}
          onForce={() => send(form.getValues(), true)}
        />
      ) : null}
      <div className="flex flex-col gap-3 border-t border-zinc-100 pt-4 sm:flex-row sm:items-center sm:justify-between">
        <CostLine ready={quoteBody !== null} quote={quote.data} loading={quote.isFetching} error={quote.error} count={variants} />
        <div className="flex flex-wrap items-center gap-3">
          {project.choices.length > 0 ? <ProjectPicker {...project} /> : null}
          <VariantsPicker value={variants} onChange={setVariants} />
          <span className="hidden text-xs text-zinc-500 xl:inline">Ctrl + Enter</span>
          <Button
            type="submit"
            size="lg"
            busy={create.isPending || form.formState.isSubmitting}
            disabled={blocked}
            className="w-full sm:w-auto"
          >
            Generate{variants > 1 ? ` ${variants}` : ""}{" "}
            {quoteBody && quote.data && quote.data.credits !== null ? (
              <span className="font-normal opacity-90">· {creditsLabel(quote.data.credits * variants)}</span>
            ) : null}
          </Button>
        </div>
      </div>
    </form>
  );
}

/** The project new tasks go in (none by default); Projects lists them, and a task's page can move it. */
function ProjectPicker({ choices, value, onChange }: ModelFormProps["project"]) {
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor="generate-project" className="text-xs font-medium text-zinc-600">
        Project
      </label>
      <select
        id="generate-project"
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || null)}
        className={cn(controlClass(false, { size: "sm", inline: true }), "max-w-[12rem] truncate")}
      >
        <option value="">No project</option>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** How many to make from these settings at once: one task each, shown together in the feed. */
function VariantsPicker({ value, onChange }: { value: number; onChange: (count: number) => void }) {
  return (
    <div role="radiogroup" aria-label="Variants" className="flex items-center gap-1.5 text-sm">
      <span className="text-xs font-medium text-zinc-600" aria-hidden="true">
        Variants
      </span>
      <div className="flex overflow-hidden rounded-lg border border-zinc-300">
        {Array.from({ length: MAX_VARIANTS }, (_, index) => index + 1).map((count) => (
          <label
            key={count}
            className={cn(
              "cursor-pointer px-2.5 py-1.5 text-sm tabular-nums focus-within:ring-2 focus-within:ring-inset focus-within:ring-brand-500/40",
              count > 1 ? "border-l border-zinc-300" : null,
              value === count ? "bg-brand-50 font-semibold text-brand-700" : "bg-surface text-zinc-700 hover:bg-zinc-50",
            )}
          >
            <input
              type="radio"
              name="variants"
              value={count}
              checked={value === count}
              onChange={() => onChange(count)}
              className="sr-only"
              aria-label={count === 1 ? "1 variant" : `${count} variants`}
            />
            {count}
          </label>
        ))}
      </div>
    </div>
  );
}

const hasValue = (value: unknown) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== "");

/**
 * The fields most people set stay in view; the optional extras a schema adds (a second image, a
 * negative prompt, a seed) go under "More settings". Required fields, choices and switches, the
 * prompt and the first image are never tucked away.
 */
function splitFields(fields: readonly FieldSpec[]): { primary: FieldSpec[]; advanced: FieldSpec[] } {
  const firstImage = fields.find((field) => field.kind === "image" || field.kind === "images");
  const isAdvanced = (field: FieldSpec) => {
    if (field.name === "prompt" || field === firstImage) return false;
    switch (field.kind) {
      case "text":
        return !field.required;
      case "image":
        return !field.required;
      case "images":
        return field.min === 0;
      case "number":
        return !field.required && field.defaultValue === undefined;
      default:
        return false;
    }
  };
  return { primary: fields.filter((field) => !isAdvanced(field)), advanced: fields.filter(isAdvanced) };
}

function FieldControl({
  field,
  form,
  error,
  uploads,
  onUpload,
  targetAspect,
  acceptPaste,
  uploadsBlocked,
}: {
  field: FieldSpec;
  form: UseFormReturn<Values>;
  error?: string;
  uploads: Record<string, UploadView>;
  onUpload: (upload: UploadView) => void;
  targetAspect?: string;
  acceptPaste: boolean;
  uploadsBlocked?: string;
}) {
  switch (field.kind) {
    case "text": {
      if (field.multiline === false || (field.multiline === undefined && field.format === "url")) {
        return <LineInput field={field} error={error} registered={form.register(field.name)} />;
      }
      // No maxLength on the box: a paste past the limit is kept whole, and the counter and the
      // message say how much to cut (the schema refuses the submit until it fits).
      const length = String(form.watch(field.name) ?? "").length;
      const over = length - field.maxLength;
      const overflow = over > 0 ? `${over.toLocaleString("en-US")} characters over the limit: shorten it to submit.` : undefined;
      return (
        <Field
          id={field.name}
          label={field.required ? field.label : `${field.label} (optional)`}
          error={error ?? overflow}
          labelAside={
            <span className="flex items-center gap-3">
              {field.name === "prompt" ? (
                <PromptHistory
                  onPick={(prompt) => form.setValue(field.name, prompt, { shouldDirty: true, shouldValidate: true, shouldTouch: true })}
                />
              ) : null}
              <span
                className={cn("text-xs tabular-nums", over > 0 ? "font-medium text-red-700" : "text-zinc-500")}
                data-testid="text-counter"
              >
                {length.toLocaleString("en-US")}/{field.maxLength.toLocaleString("en-US")}
              </span>
            </span>
          }
        >
          <textarea
            id={field.name}
            rows={4}
            placeholder={field.placeholder}
            className={cn(controlClass(Boolean(error ?? overflow)), "resize-y")}
            aria-invalid={Boolean(error ?? overflow)}
            aria-describedby={describedBy(field.name, error ?? overflow)}
            {...form.register(field.name)}
          />
        </Field>
      );
    }
    case "choice":
      return (
        <Controller
          control={form.control}
          name={field.name}
          render={({ field: control }) => <ChoiceInput field={field} value={control.value} onChange={control.onChange} error={error} />}
        />
      );
    case "image":
      return (
        <Controller
          control={form.control}
          name={field.name}
          render={({ field: control }) => {
            const value = control.value as ImageRef | undefined;
            return (
              <ImageInput
                field={field}
                value={value}
                initial={value && "uploadId" in value ? uploads[value.uploadId] : undefined}
                targetAspect={targetAspect}
                acceptPaste={acceptPaste}
                uploadsBlocked={uploadsBlocked}
                onChange={(next, upload) => {
                  control.onChange(next);
                  if (upload) onUpload(upload);
                  if (next) form.clearErrors(field.name);
                }}
                error={error}
              />
            );
          }}
        />
      );
    case "number":
      return (
        <Controller
          control={form.control}
          name={field.name}
          render={({ field: control }) => (
            <NumberInput field={field} value={control.value} onChange={control.onChange} onBlur={control.onBlur} error={error} />
          )}
        />
      );
    case "switch":
      return (
        <Controller
          control={form.control}
          name={field.name}
          render={({ field: control }) => <SwitchInput field={field} value={control.value} onChange={control.onChange} />}
        />
      );
    case "images":
      return (
        <Controller
          control={form.control}
          name={field.name}
          render={({ field: control }) => (
            <ImageListInput
              field={field}
              value={(control.value as ImageRef[] | undefined) ?? []}
              onChange={(next) => {
                control.onChange(next);
                form.clearErrors(field.name);
              }}
              uploads={uploads}
              onUpload={onUpload}
              error={error}
              uploadsBlocked={uploadsBlocked}
            />
          )}
        />
      );
    case "segments":
      return (
        <Controller
          control={form.control}
          name={field.name}
          render={({ field: control }) => {
            const itemErrors = (form.formState.errors[field.name] as unknown as ({ message?: string } | undefined)[] | undefined) ?? [];
            return (
              <SegmentsEditor
                field={field}
                value={(control.value as string[]) ?? []}
                onChange={control.onChange}
                errors={{ list: error, items: Array.isArray(itemErrors) ? itemErrors.map((item) => item?.message) : [] }}
              />
            );
          }}
        />
      );
  }
}
