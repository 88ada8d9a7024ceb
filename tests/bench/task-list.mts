// GET /api/tasks (or, with --endpoint gallery, GET /api/gallery) under a steady load of mixed
// filters, against the production build, with 100,000 tasks from 20 owners that the bench seeds
// itself (tags, ratings, reviews, projects and favourites on a share of them).
//   npx tsx --conditions=react-server tests/bench/task-list.mts [--endpoint tasks|gallery] [--db postgres|pglite] [--rate 100] [--seconds 30] [--tasks 100000] [--breakdown]
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../../lib/server/db/client";
import { createUser } from "../../lib/server/users/service";
import { createDeployment, sleep, startSandboxProcess } from "../reliability/harness";
import { filterCombinations, galleryFilterCombinations, seedTasks } from "../support/seed-tasks";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "postgres" },
    rate: { type: "string", default: "100" },
    breakdown: { type: "boolean", default: false },
    seconds: { type: "string", default: "30" },
    tasks: { type: "string", default: "100000" },
    endpoint: { type: "string", default: "tasks" },
  },
});
const endpoint = values.endpoint === "gallery" ? "gallery" : "tasks";
const database = values.db === "pglite" ? "pglite" : "postgres";
const rate = Number(values.rate);
const seconds = Number(values.seconds);

const sandbox = await startSandboxProcess("bench-task-list", { seconds: 3600 });
const deployment = await createDeployment("bench-task-list", sandbox, { RECONCILE_INTERVAL_MS: "60000" }, { database });
const seedStarted = Date.now();
const handle = await openDatabase(
  database === "postgres"
    ? { kind: "postgres", url: deployment.databaseUrl! }
    : { kind: "pglite", dataDir: path.join(deployment.dataDir, "pglite") },
);
// The seeded owners mean the install is no longer empty, so the admin the app would bootstrap is made here.
await createUser(handle.db, { name: "Ops", email: "ops@example.com", password: "reliability run", role: "admin" });
const owners = await seedTasks(handle.db, { tasks: Number(values.tasks), owners: 20 });
await handle.close();
const seedSeconds = (Date.now() - seedStarted) / 1000;

const app = await deployment.app();
try {
  const cookie = await app.signIn();
  const combos = (endpoint === "gallery" ? galleryFilterCombinations(owners) : filterCombinations(owners)).map((filters) =>
    new URLSearchParams(
      Object.entries({ ...filters, limit: endpoint === "gallery" ? "60" : "50" }).map(([key, value]) => [
        key,
        Array.isArray(value) ? value.join(",") : String(value),
      ]),
    ).toString(),
  );
  const nextPages = new Map<string, string>();
  // Warm up: one request per combination, which also yields a second-page cursor for each.
  for (const query of combos) {
    const body = (await (await fetch(`${app.url}/api/${endpoint}?${query}`, { headers: { cookie } })).json()) as {
      nextCursor: string | null;
    };
    if (body.nextCursor) nextPages.set(query, body.nextCursor);
  }
  const latencies: number[] = [];
  const byCombination = combos.map(() => [] as number[]);
  const codes: Record<number, number> = {};
  const pending: Promise<void>[] = [];
  const total = rate * seconds;
  const started = performance.now();
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const combination = index % combos.length;
    const query = combos[combination]!;
    const cursor = index % 3 === 0 ? nextPages.get(query) : undefined;
    const url = `${app.url}/api/${endpoint}?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const sentAt = performance.now();
    pending.push(
      fetch(url, { headers: { cookie } })
        .then(async (response) => {
          await response.arrayBuffer();
          codes[response.status] = (codes[response.status] ?? 0) + 1;
          latencies.push(performance.now() - sentAt);
          byCombination[combination]!.push(performance.now() - sentAt);
        })
        .catch(() => {
          codes[0] = (codes[0] ?? 0) + 1;
        }),
    );
  }
  await Promise.all(pending);
  const quantile = (list: number[], q: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
  };
  const at = (q: number) => quantile(latencies, q);
  console.log(
    JSON.stringify({
      bench: endpoint === "gallery" ? "gallery" : "task-list",
      database,
      tasks: Number(values.tasks),
      owners: 20,
      filterCombinations: combos.length,
      seedSeconds,
      ratePerSecond: rate,
      seconds,
      requests: total,
      achievedRate: Math.round((total / ((performance.now() - started) / 1000)) * 10) / 10,
      statusCodes: codes,
      latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) },
    }),
  );
  // Which filters the tail comes from: each combination's median and p95, slowest first.
  if (values.breakdown) {
    const rows = combos.map((query, index) => ({
      query,
      p50: quantile(byCombination[index]!, 0.5),
      p95: quantile(byCombination[index]!, 0.95),
    }));
    for (const row of rows.sort((a, b) => b.p95 - a.p95)) console.log(JSON.stringify(row));
  }
} finally {
  // Under HARNESS_NODE_ARGS (--cpu-prof, say) the server must exit on its own to write its profile.
  if (process.env.HARNESS_NODE_ARGS) await app.kill("SIGTERM");
  await deployment.stop();
  await sandbox.stop();
}
