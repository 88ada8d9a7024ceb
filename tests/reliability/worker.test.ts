import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, createDeployment, createTaskOver, startSandboxProcess, waitFor, type Deployment, type SandboxProcess } from "./harness";

// Background work in its own process: a web instance with BACKGROUND_WORK=off serves the API, and
// `npm run worker` (same code) reconciles and archives; SIGTERM stops the worker cleanly.

describe("separate worker process", () => {
  let sandbox: SandboxProcess;
  let deployment: Deployment;

  beforeAll(async () => {
    sandbox = await startSandboxProcess("worker", { seconds: 3 });
    deployment = await createDeployment("worker", sandbox, { BACKGROUND_WORK: "off", RECONCILE_INTERVAL_MS: "1000" });
  });
  afterAll(async () => {
    await deployment?.stop();
    await sandbox?.stop();
  });

  it("finishes and archives tasks only once the worker runs, and stops on SIGTERM", async () => {
    const app = await deployment.app();
    const cookie = await app.signIn();
    const task = await createTaskOver(app, cookie, "worker");
    expect(task?.state).toBe("queued");
    // Nothing in the web process moves it along.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const stuck = await deployment.sql.query("select state from tasks where id = $1", [task!.id]);
    expect(stuck.rows[0].state).toBe("queued");

    const log = fs.openSync(path.join(ROOT, "tests/.tmp/reliability/worker/worker.log"), "a");
    const worker = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/worker.mts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: deployment.databaseUrl!,
        DATA_DIR: deployment.dataDir,
        AUTH_SECRET: deployment.authSecret,
        AIVIDEO_API_KEY: sandbox.key,
        AIVIDEO_BASE_URL: sandbox.url,
        // The sandbox process stands in for a provider on the operator's own network.
        PROVIDER_OUTPUT_ALLOW_PRIVATE: "127.0.0.1",
        RECONCILE_INTERVAL_MS: "1000",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", log, log],
    });
    const exited = new Promise<number | null>((resolve) => worker.once("exit", resolve));
    const done = await waitFor(async () => {
      const { rows } = await deployment.sql.query("select state, media_path from tasks where id = $1", [task!.id]);
      return rows[0].state === "succeeded" && rows[0].media_path ? rows[0] : null;
    }, 60_000);
    expect(done.media_path).toBe(`media/${task!.id}.mp4`);
    worker.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("refuses to run on the embedded database, which only one process may open", async () => {
    const result = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/worker.mts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "", DATA_DIR: deployment.dataDir },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    result.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => result.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("npm run worker needs DATABASE_URL");
  });
});
