import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDeployment,
  createTaskOver,
  maxPerMinute,
  scale,
  sleep,
  startSandboxProcess,
  type AppProcess,
  type Deployment,
  type SandboxProcess,
} from "./harness";

// Two app instances on one Postgres, many tasks in flight, and people watching them: the provider
// sees the same number of query calls with or without viewers, never more than 48 in any minute,
// and never answers 429.

const TASKS = scale(30, 100);
const VIEWERS = scale(20, 50);
const PHASE_MS = scale(65_000, 120_000);
const QUERY_ENDPOINTS = new Set(["list", "task", "status"]);

describe("shared provider call budget", () => {
  let sandbox: SandboxProcess;
  let deployment: Deployment;
  let apps: AppProcess[];

  beforeAll(async () => {
    // Tasks that stay in flight for the whole run; cycles asked for every second to press on the budget.
    sandbox = await startSandboxProcess("budget", { seconds: 3600 });
    deployment = await createDeployment("budget", sandbox, { RECONCILE_INTERVAL_MS: "1000" });
    apps = [await deployment.app(), await deployment.app()];
  });
  afterAll(async () => {
    await deployment?.stop();
    await sandbox?.stop();
  });

  it(`keeps ${TASKS} in-flight tasks under 48 queries a minute with ${VIEWERS} viewers polling`, async () => {
    const cookie = await deployment.cookie();
    const created = await Promise.all(
      Array.from({ length: TASKS }, (_, index) => createTaskOver(apps[index % 2]!, cookie, `budget ${index}`)),
    );
    const ids = created.map((task) => task!.id);
    const runStart = Date.now();

    const queryCalls = async (from: number, to: number) =>
      (await sandbox.calls(from)).filter((call) => QUERY_ENDPOINTS.has(call.endpoint) && call.at < to);

    const quietFrom = Date.now();
    await sleep(PHASE_MS);
    const quietTo = Date.now();

    let stop = false;
    let views = 0;
    const viewer = async (index: number) => {
      while (!stop) {
        const app = apps[index % 2]!;
        const id = ids[Math.floor(Math.random() * ids.length)]!;
        const response = await fetch(`${app.url}/api/tasks/${id}`, { headers: { cookie } }).catch(() => null);
        if (response?.ok) views += 1;
        await response?.arrayBuffer();
        await sleep(1000);
      }
    };
    const viewers = Array.from({ length: VIEWERS }, (_, index) => viewer(index));
    const busyFrom = Date.now();
    await sleep(PHASE_MS);
    const busyTo = Date.now();
    stop = true;
    await Promise.all(viewers);

    const quiet = await queryCalls(quietFrom, quietTo);
    const busy = (await queryCalls(busyFrom, busyTo)).filter((call) => call.at >= busyFrom);
    const all = await queryCalls(runStart, busyTo);
    const result = {
      test: "budget",
      tasks: TASKS,
      viewers: VIEWERS,
      phaseSeconds: PHASE_MS / 1000,
      viewerRequests: views,
      queryCallsWithoutViewers: quiet.length,
      queryCallsWithViewers: busy.length,
      maxInAnyMinute: maxPerMinute(all.map((call) => call.at)),
      provider429s: all.filter((call) => call.status === 429).length,
    };
    console.log(JSON.stringify(result));
    expect(views).toBeGreaterThan(VIEWERS * (PHASE_MS / 1000) * 0.5);
    expect(result.maxInAnyMinute).toBeLessThanOrEqual(48);
    expect(result.provider429s).toBe(0);
    expect(Math.abs(result.queryCallsWithViewers - result.queryCallsWithoutViewers)).toBeLessThanOrEqual(
      Math.max(3, result.queryCallsWithoutViewers * 0.1),
    );
    expect(result.queryCallsWithoutViewers).toBeGreaterThan(0);
  });
});
