"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const TABS = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/queue", label: "Queue" },
  { href: "/admin/providers", label: "Providers" },
  { href: "/admin/budgets", label: "Budgets" },
  { href: "/admin/webhooks", label: "Webhook inbox" },
  { href: "/admin/shares", label: "Share links" },
  { href: "/admin/deleted", label: "Deleted" },
  { href: "/admin/audit", label: "Audit log" },
];

/** Section navigation for the admin pages: links (each tab is its own page), marked like tabs. */
export function AdminTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin" className="-mx-4 overflow-x-auto border-b border-zinc-200 px-4 sm:mx-0 sm:px-0">
      <ul className="flex gap-1">
        {TABS.map((tab) => {
          const active = pathname === tab.href;
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
