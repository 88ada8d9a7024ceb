import "server-only";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { and, asc, eq, gt, or } from "drizzle-orm";
import type { Db } from "../db";
import { tasks, users, type Task } from "../db/schema";
import { ownerDisplayName } from "../db/queries/owner-name";
import type { UsageReport } from "@/lib/shared/usage";
import { usageWhere, type UsagePeriod } from "./usage";

// The Usage page's rows as CSV, one row per task, streamed a page at a time in creation order.
// `counted` is what the task counts against budgets, so the column sums to the page's totals.
// Cells a spreadsheet would run as formulas are escaped (prompts are not included; names are).

const COLUMNS = ["created_at", "task_id", "owner", "owner_id", "provider", "model", "state", "expected", "charged", "refunded", "counted"];
const PAGE = 1000;

async function* usageRows(
  db: Db,
  period: UsagePeriod,
  scope: UsageReport["scope"],
  provider: UsageReport["providers"][number]["id"] | undefined,
) {
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const page: { task: Task; ownerName: string }[] = await db
      .select({ task: tasks, ownerName: ownerDisplayName })
      .from(tasks)
      .innerJoin(users, eq(users.id, tasks.ownerId))
      .where(
        and(
          usageWhere(period, scope, provider),
          after ? or(gt(tasks.createdAt, after.createdAt), and(eq(tasks.createdAt, after.createdAt), gt(tasks.id, after.id))) : undefined,
        ),
      )
      .orderBy(asc(tasks.createdAt), asc(tasks.id))
      .limit(PAGE);
    for (const { task, ownerName } of page) {
      yield [
        task.createdAt.toISOString(),
        task.id,
        ownerName,
        task.ownerId,
        task.provider,
        task.model,
        task.state,
        task.holdCredits ?? "",
        task.creditsCharged ?? "",
        task.creditsRefunded ?? "",
        task.spendCredits,
      ];
    }
    if (page.length < PAGE) return;
    const last: Task = page.at(-1)!.task;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

export function usageCsv(
  db: Db,
  period: UsagePeriod,
  scope: UsageReport["scope"],
  provider?: UsageReport["providers"][number]["id"],
): ReadableStream<Uint8Array> {
  const csv = Readable.from(usageRows(db, period, scope, provider)).pipe(
    stringify({ header: true, columns: COLUMNS, escape_formulas: true }),
  );
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
