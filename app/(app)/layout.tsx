import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { currentPageUser } from "@/lib/server/auth/page-guard";
import { countAwaiting } from "@/lib/server/budgets/approvals";
import { notificationSummary } from "@/lib/server/comments/notifications";
import { db } from "@/lib/server/db";

// The signed-in shell. Each page checks the session itself (and redirects with its own path), so
// this layout only needs the user for the header.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentPageUser();
  // Admins see how many tasks wait for them, as of this page load (the Queue page keeps it current).
  const awaiting = user?.role === "admin" ? await countAwaiting(await db()) : 0;
  // The bell's unread count comes with the page, so no page load asks for it.
  const notices = user ? await notificationSummary(await db(), user.id) : { unread: 0, newest: null };
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50"
      >
        Skip to content
      </a>
      {user ? (
        <AppHeader user={{ name: user.name, email: user.email, role: user.role }} awaitingApproval={awaiting} notices={notices} />
      ) : null}
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 pb-16 pt-6 sm:px-6">
        {children}
      </main>
    </div>
  );
}
