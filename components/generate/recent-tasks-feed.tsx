"use client";
import { Suspense, lazy, type ReactNode } from "react";
import { useMyRecentTasks } from "@/lib/client/tasks";
import { useNow } from "@/lib/client/use-now";
import { isTerminal, type TaskPage } from "@/lib/shared/tasks";

// The feed's cards are the server's HTML (`children`) for as long as they are true: my tasks as
// the page read them, none in flight. Once that changes (a task I just made, one still running,
// a refresh that found more), the cards' code loads and the browser draws them from the query
// cache, the server's HTML standing in meanwhile so nothing blinks. This keeps the cards, players
// and their icons out of Generate's cold-load script (docs/BENCHMARKS.md, UI budgets).
const RecentTasksList = lazy(() => import("./recent-tasks-list").then((module) => ({ default: module.RecentTasksList })));

export function RecentTasksFeed({ initial, renderedAt, children }: { initial: TaskPage; renderedAt: number; children: ReactNode }) {
  const recent = useMyRecentTasks(initial, renderedAt);
  const items = recent.data?.items ?? [];
  const inFlight = items.some((task) => !isTerminal(task.state));
  const now = useNow(inFlight, 1000, renderedAt);
  // Structural sharing keeps `data` the same object while a refresh finds nothing new.
  if (recent.data === initial && !inFlight) return children;
  return (
    <Suspense fallback={children}>
      <RecentTasksList items={items} failed={recent.isError} now={now} />
    </Suspense>
  );
}
