"use client";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";

/**
 * A menu that opens under its button: closed by a click anywhere outside its box and by Escape
 * (which goes no further, so a dialog around it stays open). Spread `onKeyDown` and `ref` on the
 * box that holds both the button and the menu.
 */
export function usePopover() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      setOpen(false);
    }
  };
  return { open, setOpen, ref, onKeyDown };
}
