import "server-only";
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "../db";
import { tasks } from "../db/schema";

// Generate's prompt history: the person's own latest prompts, newest first, each once. Read from
// their latest tasks through the owner index (a bounded scan, whatever the table's size).

/** How many of the latest tasks are looked through, and how many prompts come back. */
const SCANNED = 200;
export const RECENT_PROMPTS = 15;

export async function recentPrompts(db: Db, ownerId: string): Promise<string[]> {
  const rows = await db
    .select({ prompt: tasks.promptText })
    .from(tasks)
    .where(and(eq(tasks.ownerId, ownerId), ne(tasks.promptText, ""), isNull(tasks.deletedAt)))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(SCANNED);
  return [...new Set(rows.map((row) => row.prompt))].slice(0, RECENT_PROMPTS);
}
