// One instance with many tasks in flight across the three providers (skills.video streams held
// open on the server), with a share of every provider's webhooks lost, against the production build:
// every task must reach its true end (the sandboxes' own records), provider query calls stay
// within the shared budgets, the server's event loop and memory stay small, and GET /api/tasks/:id
// stays fast meanwhile. Each provider is a sandbox process of its own, reached as a live API.
//   npx tsx --conditions=react-server tests/bench/in-flight-scale.mts [--tasks 1000] [--db postgres|pglite]
//     [--seconds 120] [--drop 0.3] [--fail 0.1] [--read-rate 20] [--timeout-minutes 30]
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../../lib/server/db/client";
import { tasks as taskTable } from "../../lib/server/db/schema";
import { freePort } from "../support/free-port";
import {
  ROOT,
  createDeployment,
  createTaskOver,
  maxPerMinute,
  providerEnvFor,
  sleep,
  startSandboxProcess,
  type SandboxProcess,
  type SandboxProvider,
  type TaskSpec,
} from "../reliability/harness";
import { latencySummary, peakOverlap, readTrueEnd, sampleProcess } from "./in-flight-scale-support";

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "1000" },
    db: { type: "string", default: "postgres" },
    seconds: { type: "string", default: "120" },
    drop: { type: "string", default: "0.3" },
    fail: { type: "string", default: "0.1" },
    "read-rate": { type: "string", default: "20" },
    "timeout-minutes": { type: "string", default: "30" },
  },
});
const TASKS = Number(values.tasks);
const SECONDS = Number(values.seconds);
const DROP = Number(values.drop);
const database = values.db === "pglite" ? "pglite" : "postgres";
const READ_RATE = Number(values["read-rate"]);
// A sandbox task runs for 0.8 of its seconds after leaving the queue, and the skills.video client
// closes a stream quiet for 120 s and polls instead: past 150 s the streams would not be held.
if (SECONDS * 0.8 >= 120) console.error(`--seconds ${SECONDS}: skills.video streams go quiet past 120 s and fall back to polling`);
const TARGETS = { eventLoopDelayP99Ms: 100, rssMaxMb: 600, taskReadP95Ms: 50 };

// The shared budgets, set to their defaults (lib/server/providers/<provider>/settings.ts) so the
// bench knows what the app holds to; the sandbox's own query endpoints are what the budget covers.
const PROVIDERS: Record<SandboxProvider, { spec: TaskSpec; budgetVar: string; budget: number; queries: string[] }> = {
  aivideomaker: {
    spec: { provider: "aivideomaker", model: "t2v", input: { aspectRatio: "16:9", duration: "5" } },
    budgetVar: "AIVIDEO_QUERY_BUDGET",
    budget: 48,
    queries: ["list", "task", "status"],
  },
  "skills-video": {
    spec: { provider: "skills-video", model: "kling-ai/kling-v2.6", input: {} },
    budgetVar: "SKILLS_VIDEO_QUERY_BUDGET",
    budget: 60,
    queries: ["generation"],
  },
  apidot: {
    spec: { provider: "apidot", model: "seedance-2-fast", input: { duration: "5", resolution: "720p" } },
    budgetVar: "APIDOT_QUERY_BUDGET",
    budget: 60,
    queries: ["status"],
  },
};
const ORDER = Object.keys(PROVIDERS) as SandboxProvider[];

const name = "bench-in-flight";
const faults = { failAfterAcceptRate: Number(values.fail), webhooks: { dropRate: DROP } };
// skills.video signs its webhooks for one dashboard endpoint, so the app's address is fixed first.
const appPort = await freePort();
const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
const sandboxes = {} as Record<SandboxProvider, SandboxProcess>;
for (const provider of ORDER) {
  sandboxes[provider] = await startSandboxProcess(name, {
    provider,
    seconds: SECONDS,
    faults,
    webhook:
      provider === "skills-video" ? { url: `http://127.0.0.1:${appPort}/api/webhook/skills-video`, secret: webhookSecret } : undefined,
  });
}
const deployment = await createDeployment(
  name,
  sandboxes.aivideomaker,
  {
    ...providerEnvFor(sandboxes["skills-video"], webhookSecret),
    ...providerEnvFor(sandboxes.apidot),
    ...Object.fromEntries(ORDER.map((provider) => [PROVIDERS[provider].budgetVar, String(PROVIDERS[provider].budget)])),
    // The product's default cycle, not the reliability runs' faster one.
    RECONCILE_INTERVAL_MS: "5000",
  },
  { database },
);
const probeFile = path.join(ROOT, "tests/.tmp/reliability", name, "event-loop.jsonl");
fs.rmSync(probeFile, { force: true });
const app = await deployment.app(
  { EVENT_LOOP_PROBE_FILE: probeFile },
  {
    port: appPort,
    // HARNESS_NODE_ARGS still applies (e.g. "--cpu-prof" to see where the time goes).
    nodeArgs: [
      ...(process.env.HARNESS_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      "--import",
      path.join(ROOT, "tests/support/event-loop-probe.mjs"),
    ],
  },
);

let stopping = false;
try {
  const cookie = await app.signIn();
  const pid = app.pid()!;
  const server = sampleProcess(pid);
  const loadAverageAtStart = Math.round(os.loadavg()[0]! * 100) / 100;
  // The run's event-loop histogram starts with the load.
  process.kill(pid, "SIGUSR2");
  const loadStart = Date.now();

  // Creates, ten at a time, round-robin over the providers.
  const ids: string[] = [];
  let createFailures = 0;
  const createLatencies: number[] = [];
  const creating = (async () => {
    for (let start = 0; start < TASKS; start += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, TASKS - start) }, (_, offset) => {
          const index = start + offset;
          const sentAt = performance.now();
          return createTaskOver(app, cookie, `scale run ${index}`, PROVIDERS[ORDER[index % ORDER.length]!].spec).finally(() =>
            createLatencies.push(performance.now() - sentAt),
          );
        }),
      );
      for (const task of batch) {
        if (task) ids.push(task.id);
        else createFailures += 1;
      }
    }
    return Date.now();
  })();

  // Viewers: GET /api/tasks/:id of a random task at a steady rate (open loop) until every task ends.
  const reads: { sentAt: number; ms: number }[] = [];
  const readCodes: Record<number, number> = {};
  const readsInFlight: Promise<void>[] = [];
  const reading = (async () => {
    while (ids.length === 0 && !stopping) await sleep(50);
    const started = performance.now();
    for (let index = 0; !stopping; index++) {
      const wait = started + (index * 1000) / READ_RATE - performance.now();
      if (wait > 0) await sleep(wait);
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      const sentAt = performance.now();
      const sentWall = Date.now();
      readsInFlight.push(
        fetch(`${app.url}/api/tasks/${id}`, { headers: { cookie } })
          .then(async (response) => {
            await response.arrayBuffer();
            readCodes[response.status] = (readCodes[response.status] ?? 0) + 1;
            reads.push({ sentAt: sentWall, ms: performance.now() - sentAt });
          })
          .catch(() => {
            readCodes[0] = (readCodes[0] ?? 0) + 1;
          }),
      );
    }
  })();

  // Done when the creates are over and no task is left unfinished in the app's own list.
  const createdAt = await creating;
  const deadline = Date.now() + Number(values["timeout-minutes"]) * 60_000;
  let endedAt: number | null = null;
  while (Date.now() < deadline) {
    const open = await fetch(`${app.url}/api/tasks?state=pending,queued,running&limit=1`, { headers: { cookie } })
      .then((response) => response.json() as Promise<{ items: unknown[] }>)
      .catch(() => null);
    if (open && open.items.length === 0) {
      endedAt = Date.now();
      break;
    }
    await sleep(2000);
  }
  stopping = true;
  await reading;
  await Promise.all(readsInFlight);
  const measuredTo = Date.now();
  const sampled = server.stop();
  const loadAverageAtEnd = Math.round(os.loadavg()[0]! * 100) / 100;
  const probeLines = fs
    .readFileSync(probeFile, "utf8")
    .trim()
    .split("\n")
    .map(
      (line) =>
        JSON.parse(line) as { at: number; rssBytes: number; run: { since: number; delayMs: { p50?: number; p99?: number; max?: number } } },
    );
  const lastProbe = probeLines.at(-1)!;

  const calls: Record<string, unknown> = {};
  let budgetsHeld = true;
  for (const provider of ORDER) {
    const { queries, budget } = PROVIDERS[provider];
    const all = (await sandboxes[provider].calls(loadStart)).filter((call) => call.at < measuredTo);
    // Kept beside the probe's lines, for a look at when the calls came.
    fs.writeFileSync(path.join(path.dirname(probeFile), `calls-${provider}.json`), JSON.stringify(all));
    const query = all.filter((call) => queries.includes(call.endpoint));
    const perMinute = maxPerMinute(query.map((call) => call.at));
    const throttled = all.filter((call) => call.status === 429).length;
    if (perMinute > budget || throttled > 0) budgetsHeld = false;
    calls[provider] = { queryCalls: query.length, maxInAnyMinute: perMinute, budgetPerMinute: budget, provider429s: throttled };
  }

  // The app's rows, read once it has stopped (PGlite belongs to its process), against the sandboxes.
  const exitCode = await app.kill("SIGTERM");
  const handle = await openDatabase(
    database === "postgres"
      ? { kind: "postgres", url: deployment.databaseUrl! }
      : { kind: "pglite", dataDir: path.join(deployment.dataDir, "pglite") },
  );
  const rows = await handle.db
    .select({
      id: taskTable.id,
      provider: taskTable.provider,
      state: taskTable.state,
      providerTaskId: taskTable.providerTaskId,
      createdAt: taskTable.createdAt,
      finishedAt: taskTable.finishedAt,
      mediaPath: taskTable.mediaPath,
    })
    .from(taskTable);
  await handle.close();
  const truth = await readTrueEnd(sandboxes, rows);

  const delay = lastProbe.run.delayMs;
  const rssMaxMb = Math.round((Math.max(sampled.maxKb * 1024, ...probeLines.map((line) => line.rssBytes)) / 2 ** 20) * 10) / 10;
  const readLatency = latencySummary(reads.map((read) => read.ms));
  // The creates are the heaviest phase; the rest is tasks running, ending and being archived.
  const readsWhile = (creates: boolean) => reads.filter((read) => read.sentAt < createdAt === creates).map((read) => read.ms);
  const peakInFlight = peakOverlap(rows);
  const pass = {
    // Not a target but the run's premise: the creates must be over before the first tasks end.
    inFlightTogether: peakInFlight >= 0.9 * TASKS,
    // A create the client gave up on may still have been written: each of the TASKS must have its row.
    everyTaskAtItsTrueEnd: endedAt !== null && truth.mismatches.length === 0 && rows.length === TASKS,
    queryCallsWithinBudget: budgetsHeld,
    eventLoopDelayP99: (delay.p99 ?? Infinity) < TARGETS.eventLoopDelayP99Ms,
    serverRss: rssMaxMb < TARGETS.rssMaxMb,
    taskReadP95: readLatency.p95 < TARGETS.taskReadP95Ms && Object.keys(readCodes).every((code) => code === "200"),
  };
  console.log(
    JSON.stringify({
      bench: "in-flight-scale",
      database,
      tasks: TASKS,
      sandboxTaskSeconds: SECONDS,
      webhookDropRate: DROP,
      failAfterAcceptRate: Number(values.fail),
      // Creates that got no 2xx within the client's 20 s (their rows are counted in `outcomes`).
      createFailures,
      createSeconds: Math.round((createdAt - loadStart) / 100) / 10,
      createLatencyMs: latencySummary(createLatencies),
      allEndedAfterSeconds: endedAt === null ? null : Math.round((endedAt - loadStart) / 100) / 10,
      peakInFlight,
      outcomes: truth.outcomes,
      mismatches: truth.mismatches.slice(0, 10),
      archivedAtEnd: rows.filter((row) => row.mediaPath).length,
      calls,
      eventLoopDelayMs: delay,
      serverRssMb: { max: rssMaxMb, end: Math.round((sampled.lastKb / 1024) * 10) / 10 },
      serverCpuSeconds: sampled.cpuSeconds,
      // The host is shared: its one-minute load average says how much else competed for two cores.
      hostLoadAverage: { start: loadAverageAtStart, end: loadAverageAtEnd, cores: os.cpus().length },
      taskRead: {
        ratePerSecond: READ_RATE,
        requests: reads.length,
        statusCodes: readCodes,
        latencyMs: readLatency,
        p95WhileCreatingMs: latencySummary(readsWhile(true)).p95,
        p95AfterCreatesMs: latencySummary(readsWhile(false)).p95,
      },
      serverExit: exitCode,
      targets: TARGETS,
      pass,
      ok: Object.values(pass).every(Boolean),
    }),
  );
} finally {
  stopping = true;
  await deployment.stop();
  for (const sandbox of Object.values(sandboxes)) await sandbox.stop();
}
