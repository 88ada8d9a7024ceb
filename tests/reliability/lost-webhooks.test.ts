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

// Webhooks dropped for a fifth of the tasks, and the app down while every task finishes at the
// provider: within one reconcile cycle of coming back, every task is in its true final state.

const TASKS = scale(20, 100);
const DOWN_MS = scale(15_000, 5 * 60_000);
const INTERVAL_MS = 5000;

describe("lost webhooks and downtime", () => {
  let sandbox: SandboxProcess;
  let deployment: Deployment;
  let app: AppProcess;

  beforeAll(async () => {
    sandbox = await startSandboxProcess("lost-webhooks", {
      seconds: 4,
      faults: { webhooks: { dropRate: 0.2 }, failAfterAcceptRate: 0.15 },
    });
    deployment = await createDeployment("lost-webhooks", sandbox, { RECONCILE_INTERVAL_MS: String(INTERVAL_MS) });
    app = await deployment.app();
  });
  afterAll(async () => {
    await deployment?.stop();
    await sandbox?.stop();
  });

  it(`brings ${TASKS} tasks to their true final state within one cycle after ${DOWN_MS / 1000} s down`, async () => {
    const cookie = await deployment.cookie();
    const created = await Promise.all(Array.from({ length: TASKS }, (_, index) => createTaskOver(app, cookie, `lost ${index}`)));
    expect(created.every((task) => task?.state === "queued")).toBe(true);
    expect(await app.kill("SIGTERM")).toBe(0);

    // While the app is down every task finishes at the provider, and its webhooks go nowhere.
    await sleep(DOWN_MS);
    const ledger = await sandbox.ledger();
    expect(ledger.every((entry) => ["COMPLETED", "FAILED"].includes(entry.status))).toBe(true);

    const back = Date.now();
    await app.start();
    const started = Date.now();
    const truth = new Map(ledger.map((entry) => [entry.id, SANDBOX_STATE[entry.status]]));
    await waitFor(
      async () => (await taskRows(deployment.sql)).every((task) => truth.get(task.provider_task_id!) === task.state),
      INTERVAL_MS + 10_000,
      100,
    ).catch(async (error) => {
      throw new Error(`${(error as Error).message}: ${await describeUnfinished(deployment.sql)}`);
    });
    const convergedMs = Date.now() - started;
    // One reconcile cycle: the first comes at most one interval after start, and takes a moment.
    expect(convergedMs).toBeLessThan(INTERVAL_MS + 5000);
    console.log(
      JSON.stringify({
        test: "lost-webhooks",
        tasks: TASKS,
        downMs: DOWN_MS,
        restartMs: started - back,
        convergedAfterStartMs: convergedMs,
      }),
    );
  });
});
