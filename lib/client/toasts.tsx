"use client";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

// In-app notices ("Your video is ready"): a short queue, each dismissed by hand or after a while.

export type Toast = { id: number; tone: "success" | "error" | "info"; title: string; body?: string; href?: string; action?: string };
type ToastApi = { toasts: Toast[]; show: (toast: Omit<Toast, "id">) => void; dismiss: (id: number) => void };

const ToastContext = createContext<ToastApi | null>(null);
const LIFETIME_MS = 8000;
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (toast: Omit<Toast, "id">) => {
      const id = nextId++;
      setToasts((current) => [...current.slice(-3), { ...toast, id }]);
      setTimeout(() => dismiss(id), LIFETIME_MS);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ toasts, show, dismiss }), [toasts, show, dismiss]);
  return <ToastContext.Provider value={api}>{children}</ToastContext.Provider>;
}

export function useToasts(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToasts needs a ToastProvider");
  return api;
}
