"use client";
import { lazyComponent } from "@/components/ui/lazy";

// Numbers, switches and single-line texts are fields of the models described by a JSON Schema
// (skills.video, APIDot); the default text-to-video form has none. Their code
// (./schema-field-controls) loads when a model that has one is shown, so Generate's first load
// ships without it; a placeholder of the control's height holds its place meanwhile.
function placeholder(height: string) {
  return function FieldPlaceholder() {
    return <div className={`${height} animate-pulse rounded-lg bg-zinc-100`} aria-hidden="true" />;
  };
}

export const NumberInput = lazyComponent(() => import("./schema-field-controls").then((module) => module.NumberInput), {
  loading: placeholder("h-16"),
});
export const SwitchInput = lazyComponent(() => import("./schema-field-controls").then((module) => module.SwitchInput), {
  loading: placeholder("h-10"),
});
export const LineInput = lazyComponent(() => import("./schema-field-controls").then((module) => module.LineInput), {
  loading: placeholder("h-16"),
});
