"use client";
import { Bookmark } from "lucide-react";
import { lazyComponent as dynamic } from "@/components/ui/lazy";
import { usePopover } from "@/components/ui/use-popover";
import type { PresetView } from "@/lib/shared/presets";
import type { PresetsPanelProps } from "./presets-panel";

// The panel (its list, its save form, its mutations) loads when the menu is first opened: most
// visits to Generate never open it, and a cold load carries only this button.
const PresetsPanel = dynamic(() => import("./presets-panel").then((module) => module.PresetsPanel), {
  loading: () => <p className="p-3 text-sm text-zinc-500">Loading your presets…</p>,
});

/**
 * "Presets": named starting points (a model, its settings, a prompt), mine and the team's shared
 * ones, applied in one click; and the current settings saved as one. Closes on a choice, on Escape
 * and on a click elsewhere.
 */
export function PresetsMenu({ onApply, ...panel }: Omit<PresetsPanelProps, "onApply"> & { onApply: (preset: PresetView) => void }) {
  const { open, setOpen, ref, onKeyDown } = usePopover();
  return (
    <div ref={ref} className="relative" onKeyDown={onKeyDown}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="presets-panel"
        onClick={() => setOpen(!open)}
        className="inline-flex items-center gap-1 rounded text-sm font-medium text-brand-700 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40"
      >
        <Bookmark className="size-4" aria-hidden="true" /> Presets
      </button>
      {open ? (
        <div
          id="presets-panel"
          role="region"
          aria-label="Presets"
          className="absolute right-0 z-30 mt-1 w-[min(26rem,calc(100vw-3rem))] rounded-xl border border-zinc-200 bg-surface shadow-lg"
        >
          <PresetsPanel
            {...panel}
            onApply={(preset) => {
              onApply(preset);
              setOpen(false);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
