"use client";
import type { ReactNode } from "react";
import { Button } from "./button";
import { Dialog, closeEnclosingDialog } from "./dialog";

/**
 * Asks before an action that is hard to take back: what it does, then Keep as it is or the
 * action itself. `open` drives it; `onClose` hears every way it closes.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = "danger",
  busy = false,
  onConfirm,
  onClose,
  error = null,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** Why the last try did not work, shown in the dialog (it stays open for another try). */
  error?: string | null;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <div className="mt-2 text-sm text-zinc-600">
        {children}
        {error ? (
          <p role="alert" className="mt-2 text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={(event) => closeEnclosingDialog(event.currentTarget)}>
          Keep as it is
        </Button>
        <Button variant={tone} busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
