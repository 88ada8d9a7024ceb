// Spend control under load, against the production build on Postgres:
// 1. The create path with holds and limits: POST /api/tasks at a steady rate, its server time
//    without the provider's (the route's Server-Timing "app" value), first with no limits set,
//    then with a team budget and member limits (the per-provider lock and the sums on every create).
// 2. The Usage page's report for a year of 100,000 tasks (seeded here), for the team and for one person.
//   npm run build && npx tsx --conditions=react-server tests/bench/spend.mts [--rate 20] [--seconds 30] [--tasks 100000] [--usage-runs 20]
import { parseArgs } from "node:util";
import { openDatabase } from "../../lib/server/db/client";
import { createUser } from "../../lib/server/users/service";
import { createDeployment, sleep, startSandboxProcess, type AppProcess } from "../reliability/harness";
import { seedTasks } from "../support/seed-tasks";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "20" },
    seconds: { type: "string", default: "30" },
    tasks: { type: "string", default: "100000" },
    "usage-runs": { type: "string", default: "20" },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const usageRuns = Number(values["usage-runs"]);

const quantile = (list: number[], q: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

const sandbox = await startSandboxProcess("bench-spend", { seconds: 3600 });
const deployment = await createDeployment("bench-spend", sandbox, { RECONCILE_INTERVAL_MS: "60000" });
const handle = await openDatabase({ kind: "postgres", url: deployment.databaseUrl! });
await createUser(handle.db, { name: "Ops", email: "ops@example.com", password: "reliability run", role: "admin" });
const app = await deployment.app();
const results: string[] = [];

/** Sends `rate` creates a second for `seconds`, each on its own schedule; returns the app times. */
async function createLoad(target: AppProcess, cookie: string, label: string): Promise<{ app: number[]; failed: number }> {
  const times: number[] = [];
  let failed = 0;
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let index = 0; index < rate * seconds; index++) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sends.push(
      fetch(`${target.url}/api/tasks`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: target.url },
        body: JSON.stringify({
          provider: "aivideomaker",
          model: "t2v",
          input: { prompt: `${label} ${index} [sandbox:hold]`, aspectRatio: "16:9", duration: "5" },
        }),
      }).then(async (response) => {
        const timing = response.headers.get("server-timing") ?? "";
        await response.arrayBuffer();
        const app = /app;dur=([\d.]+)/.exec(timing);
        if (response.status !== 201 || !app) failed += 1;
        else times.push(Number(app[1]));
      }),
    );
  }
  await Promise.all(sends);
  return { app: times, failed };
}

try {
  const cookie = await app.signIn();
  // Warm-up: the first requests compile routes and fill caches.
  await createLoad(app, cookie, "warm-up").catch(() => undefined);

  const plain = await createLoad(app, cookie, "no limits");
  const { rows } = await deployment.sql.query<{ id: string }>("select id from users where email = 'ops@example.com'");
  const adminId = rows[0]!.id;
  const limits = await fetch(`${app.url}/api/admin/budgets/aivideomaker`, {
    method: "PUT",
    headers: { cookie, "content-type": "application/json", origin: app.url },
    body: JSON.stringify({
      team: { teamMonthly: 100_000_000, memberDaily: 50_000_000, memberMonthly: 90_000_000, defaultHold: null, approvalAbove: null },
      overrides: [{ userId: adminId, memberDaily: 60_000_000, memberMonthly: null, approvalAbove: null }],
    }),
  });
  if (!limits.ok) throw new Error(`could not set limits: ${limits.status}`);
  const limited = await createLoad(app, cookie, "with limits");
  for (const [label, run] of [
    ["no limits", plain],
    ["team budget and member limits", limited],
  ] as const) {
    results.push(
      `POST /api/tasks at ${rate}/s for ${seconds} s, ${label}: app time p50 ${ms(quantile(run.app, 0.5))}, p95 ${ms(quantile(run.app, 0.95))}, max ${ms(Math.max(...run.app))} (${run.app.length} created, ${run.failed} failed)`,
    );
  }
  results.push(`p95 ratio with limits / without: ${(quantile(limited.app, 0.95) / quantile(plain.app, 0.95)).toFixed(2)}`);

  // A year of a busy team's tasks, then the report for the whole year.
  const seedStarted = Date.now();
  const owners = await seedTasks(handle.db, { tasks: Number(values.tasks), owners: 20, days: 365 });
  results.push(`seeded ${values.tasks} tasks over 365 days in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
  for (const [label, query] of [
    ["the team, a year", `from=${yearAgo}&to=${today}`],
    ["one person, a year", `from=${yearAgo}&to=${today}&member=${owners[0]}`],
    ["the team, this month", ""],
  ] as const) {
    const times: number[] = [];
    for (let run = 0; run < usageRuns + 2; run++) {
      const started = performance.now();
      const response = await fetch(`${app.url}/api/usage${query ? `?${query}` : ""}`, { headers: { cookie } });
      const body = (await response.json()) as { usage?: { providers: { totals: { tasks: number } }[] } };
      if (!response.ok || !body.usage) throw new Error(`usage answered ${response.status}`);
      // The first two are warm-up (the route compiles, the plan is cached).
      if (run >= 2) times.push(performance.now() - started);
      if (run === 0)
        results.push(`  ${label}: ${body.usage.providers.reduce((sum, provider) => sum + provider.totals.tasks, 0)} tasks in the report`);
    }
    results.push(`GET /api/usage, ${label}: median ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))} (${usageRuns} runs)`);
  }
} finally {
  await handle.close();
  await deployment.stop();
  await sandbox.stop();
}
console.log(results.join("\n"));
