"use client";
import { Suspense, lazy, useEffect, useId, useRef, useState } from "react";

// The panel and the password form are in every page's header but opened rarely: their code (the
// panel's icons and settings; react-hook-form, its resolver and the password schema) loads when the
// menu is about to open (pointer over or focus on its button), not with the page. React.lazy rather
// than next/dynamic: neither is rendered on the server, and pages then ship no next/dynamic runtime.
const loadPanel = () => import("./user-menu-panel");
const loadPasswordDialog = () => import("./change-password-dialog");
const UserMenuPanel = lazy(() => loadPanel().then((module) => ({ default: module.UserMenuPanel })));
const ChangePasswordDialog = lazy(() => loadPasswordDialog().then((module) => ({ default: module.ChangePasswordDialog })));
const preload = () => {
  void loadPanel();
  void loadPasswordDialog();
};

type MenuUser = { name: string; email: string; role: "admin" | "member" };

/** The person's menu: who is signed in, theme, browser notifications, password, sign out. */
export function UserMenu({ user }: { user: MenuUser }) {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    const onClick = (event: MouseEvent) => root.current && !root.current.contains(event.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const initials = user.name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

  return (
    <div ref={root} className="relative">
      <button
        ref={trigger}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onPointerEnter={preload}
        onFocus={preload}
        onClick={() => setOpen(!open)}
        className="flex h-9 items-center gap-2 rounded-lg px-1.5 text-sm hover:bg-zinc-100"
      >
        <span
          className="flex size-7 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white"
          aria-hidden="true"
        >
          {initials}
        </span>
        <span className="sr-only">Account menu: </span>
        <span className="hidden text-left leading-tight md:block">
          <span className="block font-medium text-zinc-800">{user.name}</span>
          <span className="block text-xs text-zinc-500">{user.role === "admin" ? "Admin" : "Member"}</span>
        </span>
        <span className="sr-only md:hidden">{user.name}</span>
      </button>
      {open ? (
        <Suspense
          // Only while the panel's code is still on its way (a first open faster than the preload).
          fallback={
            <div id={panelId} className="absolute right-0 z-30 mt-2 h-64 w-64 rounded-xl border border-zinc-200 bg-surface shadow-lg" />
          }
        >
          <UserMenuPanel
            id={panelId}
            user={user}
            onChangePassword={() => {
              setOpen(false);
              setChangingPassword(true);
            }}
          />
        </Suspense>
      ) : null}
      {changingPassword ? (
        <Suspense fallback={null}>
          <ChangePasswordDialog
            open
            email={user.email}
            onClose={() => {
              setChangingPassword(false);
              // The menu item that opened it is gone; focus goes back to the menu's button.
              trigger.current?.focus();
            }}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
