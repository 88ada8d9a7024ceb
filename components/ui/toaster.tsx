"use client";
import Link from "next/link";
import { CheckCircle2, Info, X, XCircle } from "lucide-react";
import { useToasts } from "@/lib/client/toasts";
import { cn } from "./cn";

const ICONS = { success: CheckCircle2, error: XCircle, info: Info };
const TONES = { success: "text-emerald-600", error: "text-red-600", info: "text-sky-600" };

export function Toaster() {
  const { toasts, dismiss } = useToasts();
  return (
    <div
      aria-live="polite"
      role="status"
      className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end"
    >
      {toasts.map((toast) => {
        const Icon = ICONS[toast.tone];
        return (
          <div
            key={toast.id}
            className="pointer-events-auto flex w-full max-w-sm gap-3 rounded-xl border border-zinc-200 bg-surface p-3 shadow-lg"
          >
            <Icon className={cn("mt-0.5 size-5 shrink-0", TONES[toast.tone])} aria-hidden="true" />
            <div className="min-w-0 flex-1 text-sm">
              <p className="font-medium text-zinc-900">{toast.title}</p>
              {toast.body ? <p className="mt-0.5 line-clamp-2 break-words text-zinc-600">{toast.body}</p> : null}
              {toast.href ? (
                <Link
                  href={toast.href}
                  onClick={() => dismiss(toast.id)}
                  className="mt-1 inline-block font-medium text-brand-700 hover:underline"
                >
                  {toast.action ?? "Open"}
                </Link>
              ) : null}
            </div>
            <button
              type="button"
              onClick={() => dismiss(toast.id)}
              className="h-6 rounded p-0.5 text-zinc-400 hover:text-zinc-700"
              aria-label="Dismiss"
            >
              <X className="size-4" aria-hidden="true" />
            </button>
          </div>
        );
      })}
    </div>
  );
}
