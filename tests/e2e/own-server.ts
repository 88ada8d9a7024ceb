import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";

// A second server from the same production build, with its own data directory and variables, for
// the specs that need Cutroom configured otherwise than the shared e2e server (served behind TLS,
// signing in with an identity provider). Watched from the start, so one that dies early fails the
// test at once with its log; stopped with SIGTERM as a deployment would.

const ROOT = path.resolve(__dirname, "../..");
const TMP = path.join(ROOT, "tests/.tmp");

export type OwnServer = { base: string; logFile: string; stop: () => Promise<void> };

export async function startOwnServer(name: string, port: number, env: Record<string, string>): Promise<OwnServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `cutroom-${name}-`));
  fs.mkdirSync(TMP, { recursive: true });
  const logFile = path.join(TMP, `e2e-${name}-server.log`);
  const out = fs.openSync(logFile, "w");
  const server = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_MANUAL_SIG_HANDLE: "true",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      BACKGROUND_WORK: "off",
      ...env,
    },
    stdio: ["ignore", out, out],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => server.once("exit", () => resolve(void (exited = true))));
  const stop = async () => {
    server.kill("SIGTERM");
    const killer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    await exit;
    clearTimeout(killer);
    fs.closeSync(out);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await expect
      .poll(
        async () => {
          if (exited) throw new Error(`the ${name} server exited:\n${fs.readFileSync(logFile, "utf8")}`);
          return (await fetch(`${base}/api/health/live`).catch(() => null))?.status;
        },
        { timeout: 60_000 },
      )
      .toBe(200);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, logFile, stop };
}
