// Webhook receiver latency under a steady stream of deliveries (open loop: requests go out on a
// fixed schedule whatever the answers do), against the production build in its own process.
//   npx tsx --conditions=react-server tests/bench/webhook-latency.mts [--db postgres|pglite] [--rate 50] [--seconds 30] [--tasks 200]
import { parseArgs } from "node:util";
import { createDeployment, createTaskOver, sleep, startSandboxProcess } from "../reliability/harness";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "postgres" },
    rate: { type: "string", default: "50" },
    seconds: { type: "string", default: "30" },
    tasks: { type: "string", default: "200" },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const database = values.db === "pglite" ? "pglite" : "postgres";

process.env.DATA_DIR ??= "tests/.tmp/bench";
const sandbox = await startSandboxProcess("bench-webhooks", { seconds: 3600 });
const deployment = await createDeployment("bench-webhooks", sandbox, { RECONCILE_INTERVAL_MS: "5000" }, { database });
const app = await deployment.app();
try {
  // The receiver checks tokens made from the server secret; the bench makes the same ones.
  process.env.AUTH_SECRET = deployment.authSecret;
  const { webhookToken } = await import("../../lib/server/webhooks/token");
  const cookie = await app.signIn();
  const ids: string[] = [];
  for (let start = 0; start < Number(values.tasks); start += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, (_, index) => createTaskOver(app, cookie, `bench ${start + index} [sandbox:hold]`)),
    );
    for (const task of batch) if (task) ids.push(task.id);
  }
  await sleep(2000);

  const statuses = ["SUBMITTED", "PROGRESS", "PROGRESS", "PROGRESS"];
  const latencies: number[] = [];
  const codes: Record<number, number> = {};
  const inFlight: Promise<void>[] = [];
  const total = rate * seconds;
  const started = performance.now();
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const id = ids[index % ids.length]!;
    const status = statuses[Math.floor(Math.random() * statuses.length)]!;
    const sentAt = performance.now();
    inFlight.push(
      fetch(`${app.url}/api/webhook/aivideomaker/${id}?token=${webhookToken(id)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ status }),
      })
        .then(async (response) => {
          await response.arrayBuffer();
          codes[response.status] = (codes[response.status] ?? 0) + 1;
          latencies.push(performance.now() - sentAt);
        })
        .catch(() => {
          codes[0] = (codes[0] ?? 0) + 1;
        }),
    );
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  console.log(
    JSON.stringify({
      bench: "webhook-latency",
      database,
      ratePerSecond: rate,
      seconds,
      deliveries: total,
      achievedRate: Math.round((total / ((performance.now() - started) / 1000)) * 10) / 10,
      statusCodes: codes,
      latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) },
    }),
  );
} finally {
  await deployment.stop();
  await sandbox.stop();
}
