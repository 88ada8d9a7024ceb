"use client";
import { Bell, BellOff, KeyRound, LogOut, Monitor, Moon, Sun } from "lucide-react";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { THEME_COOKIE, type Theme } from "@/lib/shared/theme";
import { signOutOfCutroom } from "@/lib/client/sign-out";
import { useToasts } from "@/lib/client/toasts";

// The account menu's panel, opened from the header's UserMenu. On its own so every page's header
// ships only the button: the panel's code (its seven icons, theme and notification settings, sign
// out) loads when the menu is about to open.

const THEME_CHOICES: { value: Theme; label: string; icon: typeof Sun }[] = [
  { value: "system", label: "System", icon: Monitor },
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
];

function currentTheme(): Theme {
  const value = typeof document === "undefined" ? "system" : document.documentElement.dataset.theme;
  return value === "light" || value === "dark" ? value : "system";
}

function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
}

type Permission = NotificationPermission | "unsupported";

export function UserMenuPanel({
  id,
  user,
  onChangePassword,
}: {
  id: string;
  user: { name: string; email: string };
  onChangePassword: () => void;
}) {
  const toasts = useToasts();
  // Read on opening (the panel mounts then): another tab or the browser's site settings may have
  // changed them since.
  const [theme, setTheme] = useState<Theme>(currentTheme);
  const [permission, setPermission] = useState<Permission>(() =>
    typeof Notification === "undefined" ? "unsupported" : Notification.permission,
  );
  const [signingOut, setSigningOut] = useState(false);
  return (
    <div id={id} className="absolute right-0 z-30 mt-2 w-64 rounded-xl border border-zinc-200 bg-surface p-2 shadow-lg">
      <div className="px-2 py-1.5">
        <p className="truncate text-sm font-medium text-zinc-900">{user.name}</p>
        <p className="truncate text-xs text-zinc-500">{user.email}</p>
      </div>
      <fieldset className="mt-1 border-t border-zinc-100 px-2 pt-2">
        <legend className="sr-only">Theme</legend>
        <p className="mb-1.5 text-xs font-medium text-zinc-500" aria-hidden="true">
          Theme
        </p>
        <div className="grid grid-cols-3 gap-1">
          {THEME_CHOICES.map(({ value, label, icon: Icon }) => (
            <label
              key={value}
              className={cn(
                "relative flex cursor-pointer flex-col items-center gap-1 rounded-lg border px-2 py-1.5 text-xs focus-within:ring-2 focus-within:ring-brand-500/40",
                theme === value ? "border-brand-500 bg-brand-50 text-brand-700" : "border-zinc-200 text-zinc-600 hover:bg-zinc-50",
              )}
            >
              <input
                type="radio"
                name="theme"
                value={value}
                checked={theme === value}
                onChange={() => {
                  setTheme(value);
                  applyTheme(value);
                }}
                className="absolute inset-0 cursor-pointer opacity-0"
              />
              <Icon className="size-4" aria-hidden="true" />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mt-2 border-t border-zinc-100 pt-1">
        {permission === "default" ? (
          <MenuButton icon={Bell} onClick={() => void Notification.requestPermission().then(setPermission)}>
            Notify me when my videos finish
          </MenuButton>
        ) : (
          <p className="flex items-center gap-2 px-2 py-2 text-xs text-zinc-500">
            {permission === "granted" ? <Bell className="size-4" aria-hidden="true" /> : <BellOff className="size-4" aria-hidden="true" />}
            {permission === "granted"
              ? "Browser notifications are on."
              : permission === "denied"
                ? "Notifications are blocked in this browser's settings."
                : "This browser does not offer notifications."}
          </p>
        )}
        <MenuButton icon={KeyRound} onClick={onChangePassword}>
          Change password
        </MenuButton>
        <MenuButton
          icon={signingOut ? undefined : LogOut}
          onClick={async () => {
            setSigningOut(true);
            try {
              await signOutOfCutroom();
            } catch {
              setSigningOut(false);
              toasts.show({ tone: "error", title: "Could not sign out.", body: "Check your connection and try again." });
              return;
            }
            // A full load, so nothing of this session stays in memory (cached queries, the
            // signing-out mark) for whoever signs in next in this tab.
            window.location.replace("/signin");
          }}
        >
          {signingOut ? <Spinner className="size-4" /> : null}
          Sign out
        </MenuButton>
      </div>
    </div>
  );
}

function MenuButton({ icon: Icon, onClick, children }: { icon?: typeof Bell; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="flex w-full items-center gap-2 rounded-lg px-2 py-2 text-left text-sm text-zinc-700 hover:bg-zinc-100"
    >
      {Icon ? <Icon className="size-4" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
