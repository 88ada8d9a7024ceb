// Each gallery filter combination's plan with its real cost, over a seeded 100,000-task Postgres:
// execution time and shared buffers touched, first page and the next. What to look at when the
// gallery bench's tail is over target (the timed bench says how slow; this says which query).
//   npx tsx --conditions=react-server tests/bench/gallery-explain.mts [--tasks 100000] [--runs 5] [--plans] [--keep]
import { parseArgs } from "node:util";
import pg from "pg";
import { galleryFiltersSchema } from "@/lib/shared/gallery";
import { openDatabase } from "@/lib/server/db/client";
import { createPostgresDatabase } from "../support/postgres-database";
import { galleryFilterCombinations, seedTasks } from "../support/seed-tasks";

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "100000" },
    runs: { type: "string", default: "5" },
    plans: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const { url, drop } = await createPostgresDatabase();
const database = await openDatabase({ kind: "postgres", url });
try {
  const owners = await seedTasks(database.db, { tasks: Number(values.tasks), owners: 20 });
  await database.db.execute("analyze");
  const { GALLERY_SEARCH_WINDOW, galleryQuery, listGallery, searchWindowApplies } = await import("@/lib/server/db/queries/gallery");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  for (const combination of galleryFilterCombinations(owners)) {
    const filters = galleryFiltersSchema.parse(combination);
    const options = { viewerId: owners[0]!, limit: 60 };
    const first = await listGallery(database.db, filters, { ...options, cursor: null });
    for (const [page, cursor] of [
      ["first", null],
      ["next", first!.next],
    ] as const) {
      if (page === "next" && !cursor) continue;
      // A search the window applies to runs the windowed form first (listGallery): explain that too.
      for (const searchWindow of searchWindowApplies(filters) ? [GALLERY_SEARCH_WINDOW, undefined] : [undefined]) {
        const query = galleryQuery(database.db, filters, { ...options, cursor, searchWindow })!.toSQL();
        const times: number[] = [];
        let buffers = 0;
        for (let run = 0; run < Number(values.runs); run++) {
          const { rows } = await client.query(`explain (analyze, buffers, format json) ${query.sql}`, query.params);
          const result = (
            rows[0]!["QUERY PLAN"] as { "Execution Time": number; Plan: { "Shared Hit Blocks": number; "Shared Read Blocks": number } }[]
          )[0]!;
          times.push(result["Execution Time"]);
          buffers = result.Plan["Shared Hit Blocks"] + result.Plan["Shared Read Blocks"];
        }
        const form = searchWindow ? "window" : "index";
        console.log(JSON.stringify({ combination, page, form, executionMs: Math.round(median(times) * 100) / 100, buffers }));
        if (values.plans && page === "first") {
          const { rows } = await client.query(`explain (analyze, buffers, costs off) ${query.sql}`, query.params);
          console.log(rows.map((row) => `    ${row["QUERY PLAN"]}`).join("\n"));
        }
      }
    }
  }
  await client.end();
} finally {
  await database.close();
  if (values.keep) console.log(`kept: ${url}`);
  else await drop();
}
