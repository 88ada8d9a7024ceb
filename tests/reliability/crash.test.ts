import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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

// Creates while the server is killed with SIGKILL at random moments, then restarted: afterwards the
// provider's ledger and Cutroom's tasks match one to one, nothing is charged twice, nothing is left
// pending, and the restarted process finishes within a minute.

const CREATES = scale(40, 200);
const KILLS = scale(4, 15);

describe("crash safety", () => {
  let sandbox: SandboxProcess;
  let deployment: Deployment;
  let app: AppProcess;

  beforeAll(async () => {
    sandbox = await startSandboxProcess("crash", { seconds: 3, faults: { latencyMs: 40 } });
    deployment = await createDeployment("crash", sandbox);
    app = await deployment.app();
  });
  afterAll(async () => {
    await deployment?.stop();
    await sandbox?.stop();
  });

  it(`keeps the ledger and the tasks one to one through ${KILLS} SIGKILLs during ${CREATES} creates`, async () => {
    const cookie = await deployment.cookie();
    const balanceBefore = (await (await sandbox.get("/api/v1/account")).json()).currentBalance as number;
    let sent = 0;
    let lastRestart = Date.now();
    const perRound = Math.ceil(CREATES / (KILLS + 1));
    for (let round = 0; round <= KILLS; round++) {
      const batch = Math.min(perRound, CREATES - sent);
      const requests = Array.from({ length: batch }, (_, index) => createTaskOver(app, cookie, `crash ${round}.${index}`));
      sent += batch;
      if (round < KILLS) {
        // Kill at a random moment while the creates are in flight, then bring the server back.
        await sleep(20 + Math.random() * 250);
        await app.kill("SIGKILL");
        await Promise.all(requests);
        await app.start();
        lastRestart = Date.now();
      } else {
        await Promise.all(requests);
      }
    }

    // Within a minute of the last restart, nothing is left pending.
    await waitFor(async () => (await taskRows(deployment.sql)).every((task) => task.state !== "pending"), 60_000, 500).catch(
      async (error) => {
        throw new Error(`${(error as Error).message}: ${await describeUnfinished(deployment.sql)}`);
      },
    );
    const finishedWithin = Date.now() - lastRestart;
    expect(finishedWithin).toBeLessThan(60_000);
    // Let every accepted task finish at the provider and be reconciled.
    await waitFor(async () => (await taskRows(deployment.sql)).every((task) => !["queued", "running"].includes(task.state)), 90_000, 500);

    const tasks = await taskRows(deployment.sql);
    const ledger = await sandbox.ledger();
    const byKey = new Map<string, number>();
    for (const entry of ledger) byKey.set(entry.idempotencyKey ?? "none", (byKey.get(entry.idempotencyKey ?? "none") ?? 0) + 1);

    // Every provider task belongs to exactly one Cutroom task, found by its key and its id.
    for (const entry of ledger) {
      const owners = tasks.filter((task) => task.idempotency_key === entry.idempotencyKey);
      expect(owners, entry.id).toHaveLength(1);
      expect(owners[0]!.provider_task_id).toBe(entry.id);
    }
    // Every Cutroom task that reached the provider is there once; none is left pending.
    for (const task of tasks) {
      expect(task.state).not.toBe("pending");
      if (task.provider_task_id) expect(byKey.get(task.idempotency_key)).toBe(1);
      else expect(byKey.has(task.idempotency_key)).toBe(false);
    }
    // Zero double charges: the balance moved by exactly what the ledger's tasks cost.
    const charged = ledger.reduce((sum, entry) => sum + entry.creditsCharged - entry.creditsRefunded, 0);
    const balanceAfter = (await (await sandbox.get("/api/v1/account")).json()).currentBalance as number;
    expect(balanceBefore - balanceAfter).toBe(charged);
    expect(ledger.length).toBe(tasks.filter((task) => task.provider_task_id).length);
    console.log(
      JSON.stringify({
        test: "crash",
        creates: CREATES,
        kills: KILLS,
        tasksWritten: tasks.length,
        providerTasks: ledger.length,
        pendingClearedWithinMs: finishedWithin,
        states: tasks.reduce<Record<string, number>>((count, task) => ({ ...count, [task.state]: (count[task.state] ?? 0) + 1 }), {}),
      }),
    );
  });
});
