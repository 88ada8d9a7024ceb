"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { ActivityWatcher } from "./activity-watcher";
import { Logo } from "./logo";
import { UserMenu } from "./user-menu";

type HeaderUser = { name: string; email: string; role: "admin" | "member" };

const LINKS = [
  { href: "/generate", label: "Generate" },
  { href: "/tasks", label: "Tasks" },
  { href: "/gallery", label: "Gallery" },
];

export function AppHeader({ user }: { user: HeaderUser }) {
  const pathname = usePathname();
  const links = user.role === "admin" ? [...LINKS, { href: "/admin", label: "Admin" }] : LINKS;
  const nav = (
    <>
      {links.map((link) => (
        <NavLink
          key={link.href}
          href={link.href}
          label={link.label}
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
        <div className="ml-auto">
          <UserMenu user={user} />
        </div>
      </div>
      <nav aria-label="Main" className="flex gap-1 overflow-x-auto border-t border-zinc-100 px-3 py-1.5 sm:hidden">
        {nav}
      </nav>
    </header>
  );
}

function NavLink({ href, label, active }: { href: string; label: string; active: boolean }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "rounded-lg px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors",
        active ? "bg-brand-50 text-brand-700" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
      )}
    >
      {label}
    </Link>
  );
}
