// The server's resident memory (VmRSS): idle after the first start and after a restart, after first use (every page opened), and
// with N tasks in flight (held at the provider for an hour, followed by the reconciler), on PGlite or Postgres, with the JS heap and
// external memory beside it (prom-client's own gauges from /api/metrics) to say what holds it.
//   npx tsx --conditions=react-server tests/bench/memory.mts --db pglite --in-flight 100,1000
import fs from "node:fs";
import { parseArgs } from "node:util";
import { createDeployment, createTaskOver, sleep, startSandboxProcess } from "../reliability/harness";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "pglite" },
    "in-flight": { type: "string", default: "100,1000" },
    settle: { type: "string", default: "20" },
  },
});
const database = values.db === "postgres" ? "postgres" : "pglite";
const SIZES = values["in-flight"]!.split(",")
  .map(Number)
  .filter((size) => size > 0);
const SETTLE_MS = Number(values.settle) * 1000;
const TOKEN = "memory-bench-metrics-token";

// Tasks stay in flight for the whole measurement: an hour at the provider.
const sandbox = await startSandboxProcess("bench-memory", { seconds: 3600 });
const deployment = await createDeployment("bench-memory", sandbox, { METRICS_TOKEN: TOKEN, RECONCILE_INTERVAL_MS: "5000" }, { database });
const app = await deployment.app();

const rssMb = (pid: number) => {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Math.round(Number(match?.[1] ?? 0) / 1024);
};
async function gauges(): Promise<Record<string, number>> {
  const text = await (await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const read = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN) / 1024 / 1024);
  return {
    heapUsedMb: read("cutroom_nodejs_heap_size_used_bytes"),
    heapTotalMb: read("cutroom_nodejs_heap_size_total_bytes"),
    externalMb: read("cutroom_nodejs_external_memory_bytes"),
  };
}
const rows: { stage: string; rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number }[] = [];
async function measure(stage: string) {
  await sleep(SETTLE_MS);
  const row = { stage, rssMb: rssMb(app.pid()!), ...(await gauges()) };
  rows.push(row);
  console.log(JSON.stringify(row));
}

try {
  await measure("idle after the first start (a new install)");
  await app.kill("SIGTERM");
  await app.start();
  await measure("idle after a restart");
  const cookie = await app.signIn();
  for (const page of ["/", "/generate", "/tasks", "/gallery", "/admin/users"]) {
    const response = await fetch(`${app.url}${page}`, { headers: { cookie } });
    if (!response.ok) throw new Error(`${page} answered ${response.status}`);
  }
  await measure("after opening every page");
  let made = 0;
  for (const size of SIZES) {
    while (made < size) {
      const batch = Math.min(10, size - made);
      const created = await Promise.all(Array.from({ length: batch }, (_, index) => createTaskOver(app, cookie, `memory ${made + index}`)));
      if (created.some((task) => task === null)) throw new Error("a create failed");
      made += batch;
    }
    await measure(`${size} tasks in flight`);
  }
  console.log(`\n| Stage (${database}) | RSS | JS heap used / total | External |`);
  console.log("| --- | --- | --- | --- |");
  for (const row of rows)
    console.log(`| ${row.stage} | ${row.rssMb} MB | ${row.heapUsedMb} / ${row.heapTotalMb} MB | ${row.externalMb} MB |`);
} finally {
  await deployment.stop();
  await sandbox.stop();
}
