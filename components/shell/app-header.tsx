"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { ActivityWatcher } from "./activity-watcher";
import { Logo } from "./logo";
import { NotificationsBell } from "./notifications-bell";
import type { NotificationSummary } from "@/lib/shared/comments";
import { UserMenu } from "./user-menu";

type HeaderUser = { name: string; email: string; role: "admin" | "member" };

const LINKS = [
  { href: "/generate", label: "Generate" },
  { href: "/tasks", label: "Tasks" },
  { href: "/gallery", label: "Gallery" },
  { href: "/projects", label: "Projects" },
  { href: "/usage", label: "Usage" },
];

export function AppHeader({
  user,
  awaitingApproval = 0,
  notices,
}: {
  user: HeaderUser;
  awaitingApproval?: number;
  notices: NotificationSummary;
}) {
  const pathname = usePathname();
  const links: { href: string; label: string; count?: number }[] =
    user.role === "admin" ? [...LINKS, { href: "/admin", label: "Admin", count: awaitingApproval }] : LINKS;
  const nav = (
    <>
      {links.map((link) => (
        <NavLink
          key={link.href}
          href={link.href}
          label={link.label}
          count={link.count}
          active={pathname === link.href || pathname.startsWith(`${link.href}/`)}
        />
      ))}
    </>
  );
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-surface/90 backdrop-blur">
      <ActivityWatcher />
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
        <Link href="/generate" aria-label="Cutroom home">
          <Logo />
        </Link>
        <nav aria-label="Main" className="hidden items-center gap-1 sm:flex">
          {nav}
        </nav>
        <div className="ml-auto flex items-center gap-1">
          <NotificationsBell initial={notices} />
          <UserMenu user={user} />
        </div>
      </div>
      <nav aria-label="Main" className="flex gap-0.5 overflow-x-auto border-t border-zinc-100 px-2 py-1.5 sm:hidden">
        {nav}
      </nav>
    </header>
  );
}

function NavLink({ href, label, active, count }: { href: string; label: string; active: boolean; count?: number }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "rounded-lg px-2.5 py-1.5 text-sm font-medium whitespace-nowrap transition-colors sm:px-3",
        active ? "bg-brand-50 text-brand-700" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
      )}
    >
      {label}
      {count ? (
        <span
          className="ml-1.5 rounded-full bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-800"
          title={`${count} waiting for approval`}
        >
          {count}
          <span className="sr-only"> waiting for approval</span>
        </span>
      ) : null}
    </Link>
  );
}
