import { PROVIDER_LABELS, type ProviderId } from "./ids";

// Two providers can sell a model under the same name ("Veo 3.1 Lite" is on skills.video and on
// APIDot). Wherever a model is named on its own (the picker, a filter's option, a table cell), the
// name must say which one it is: this decides how, once for every page.

type NamedModel = { provider: string; label: string };

const providerLabelOf = (provider: string) => PROVIDER_LABELS[provider as ProviderId] ?? provider;

/** Whether another provider among `models` has a model of the same name. */
export function nameIsShared(model: NamedModel, models: readonly NamedModel[]): boolean {
  return models.some((other) => other.provider !== model.provider && other.label === model.label);
}

/**
 * The model's name as people read it on its own: "Veo 3.1 Lite · APIDot" when another provider
 * among `models` has a model of that name, else just "Kling 2.1".
 */
export function modelDisplayLabel(model: NamedModel, models: readonly NamedModel[]): string {
  return nameIsShared(model, models) ? `${model.label} · ${providerLabelOf(model.provider)}` : model.label;
}
