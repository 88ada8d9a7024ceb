import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_STATE,
  createDeployment,
  createTaskOver,
  describeUnfinished,
  scale,
  sleep,
  startSandboxProcess,
  taskRows,
  waitFor,
  type AppProcess,
  type Deployment,
  type SandboxProcess,
} from "./harness";

// The sandbox delivers every status change three times, in shuffled order, with stale repeats after
// the final one; then a burst where each event arrives ten times at once. Every event is applied
// exactly once, no task ever moves backwards, and every task ends in its true state.

const TASKS = scale(150, 1000);
const BURST_TASKS = 17; // 17 tasks x 3 status changes = 51 events, each delivered 10 times at once
const RANK: Record<string, number> = { pending: 0, queued: 1, running: 2, succeeded: 3, failed: 3, canceled: 3, expired: 3 };

async function createMany(app: AppProcess, cookie: string, count: number, label: string) {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - start) }, (_, index) => createTaskOver(app, cookie, `${label} ${start + index}`)),
    );
    for (const task of batch) {
      expect(task).not.toBeNull();
      ids.push(task!.id);
    }
  }
  return ids;
}

describe("webhook duplicates and order", () => {
  let sandbox: SandboxProcess;
  let deployment: Deployment;
  let app: AppProcess;

  beforeAll(async () => {
    sandbox = await startSandboxProcess("webhook-storm", {
      seconds: 5,
      faults: { failAfterAcceptRate: 0.1, webhooks: { duplicates: 3, reorder: true, staleRepeats: true } },
    });
    // A slow reconciler, so the webhooks do the work and their order is what is tested.
    deployment = await createDeployment("webhook-storm", sandbox, { RECONCILE_INTERVAL_MS: "20000" });
    app = await deployment.app();
  });
  afterAll(async () => {
    await deployment?.stop();
    await sandbox?.stop();
  });

  it(`applies each of ${TASKS} tasks' shuffled, tripled events once, then a 10x burst`, async () => {
    const cookie = await deployment.cookie();
    await createMany(app, cookie, TASKS, "storm");
    // Let the shuffled deliveries of the first wave go out before the burst changes the knobs.
    await sleep(12_000);
    await sandbox.put("/_sandbox/faults", { webhooks: { duplicates: 10 } });
    await createMany(app, cookie, BURST_TASKS, "burst");

    const ledger = await waitFor(
      async () => {
        const entries = await sandbox.ledger();
        return entries.every((entry) => ["COMPLETED", "FAILED"].includes(entry.status)) ? entries : null;
      },
      120_000,
      500,
    );
    const truth = new Map(ledger.map((entry) => [entry.id, SANDBOX_STATE[entry.status]]));
    await waitFor(
      async () => (await taskRows(deployment.sql)).every((task) => truth.get(task.provider_task_id!) === task.state),
      120_000,
      500,
    ).catch(async (error) => {
      throw new Error(`${(error as Error).message}: ${await describeUnfinished(deployment.sql)}`);
    });
    // Give the last duplicates and stale repeats time to land.
    await sleep(8000);

    const { rows: deliveries } = await deployment.sql.query(
      "select task_id, upper(status_hint) as status, outcome, processed_at from webhook_deliveries",
    );
    const accepted = deliveries.filter((delivery) => delivery.outcome === "accepted");
    const acceptedKeys = new Set(accepted.map((delivery) => `${delivery.task_id}:${delivery.status}`));
    expect(acceptedKeys.size).toBe(accepted.length);
    expect(accepted.every((delivery) => delivery.processed_at !== null)).toBe(true);

    const { rows: transitions } = await deployment.sql.query(
      "select task_id, from_state, to_state, source from task_events where kind = 'state' order by task_id, id",
    );
    let backwards = 0;
    const seen = new Set<string>();
    for (const step of transitions) {
      if (step.from_state !== null && RANK[step.to_state]! <= RANK[step.from_state]!) backwards += 1;
      const key = `${step.task_id}:${step.to_state}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    expect(backwards).toBe(0);

    const tasks = await taskRows(deployment.sql);
    const result = {
      test: "webhook-storm",
      tasks: tasks.length,
      deliveries: deliveries.length,
      acceptedEvents: accepted.length,
      duplicatesDropped: deliveries.length - accepted.length,
      stateChangesFromWebhooks: transitions.filter((step) => step.source === "webhook").length,
      backwardTransitions: backwards,
      finalStates: tasks.reduce<Record<string, number>>((count, task) => ({ ...count, [task.state]: (count[task.state] ?? 0) + 1 }), {}),
    };
    console.log(JSON.stringify(result));
    expect(result.duplicatesDropped).toBeGreaterThan(result.acceptedEvents);
    expect(tasks).toHaveLength(TASKS + BURST_TASKS);
  });
});
