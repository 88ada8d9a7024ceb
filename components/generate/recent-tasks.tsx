import Link from "next/link";
import type { TaskPage } from "@/lib/shared/tasks";
import { RecentTasksFeed } from "./recent-tasks-feed";
import { RecentTasksList } from "./recent-tasks-list";

// Generate's live feed: my latest tasks beside the form, each from its progress to its result
// playing in place, with Re-run, Download and Open. A new task shows at once (useCreateTask puts it
// in the feed's query), so a person can go again without leaving the page. The server draws the
// cards; RecentTasksFeed takes over in the browser once they change.

/** `renderedAt`: the server's clock when it read `initial`, so "2 min ago" hydrates as it was rendered. */
export function RecentTasks({ initial, renderedAt }: { initial: TaskPage; renderedAt: number }) {
  return (
    <section aria-labelledby="recent-heading" className="space-y-3">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="recent-heading" className="text-sm font-semibold text-zinc-900">
          Your recent tasks
        </h2>
        <Link href="/tasks?owner=me" className="text-sm font-medium text-brand-700 hover:underline">
          See all
        </Link>
      </div>
      <RecentTasksFeed initial={initial} renderedAt={renderedAt}>
        <RecentTasksList items={initial.items} now={renderedAt} />
      </RecentTasksFeed>
    </section>
  );
}
