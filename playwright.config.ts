import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";

// End-to-end tests drive Debian's Chromium (never a downloaded browser) against the production build,
// served with a fresh data directory and the built-in sandbox providers.

const PORT = Number(process.env.E2E_PORT ?? 3210);
// The server's provider key for this run (the sandbox's, since no real key is set). Tests assert it
// never reaches a page, an API answer or a static bundle. Set once here; workers inherit it.
process.env.E2E_KEY_CANARY ??= `canary_${randomBytes(12).toString("hex")}`;
export const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /first-run\.setup\.ts/ },
    // Pages as a new team first sees them, before any other test has created a task.
    { name: "fresh", dependencies: ["setup"], testMatch: /.*\.fresh\.ts/ },
    { name: "app", dependencies: ["fresh"], testMatch: /.*\.spec\.ts/ },
    // Last, once the server has done all of the above: secrets in the build, answers and logs.
    { name: "audit", dependencies: ["app"], testMatch: /.*\.audit\.ts/ },
  ],
  webServer: {
    command: "bash scripts/e2e-server.sh",
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: { E2E_PORT: String(PORT), SANDBOX_API_KEY: process.env.E2E_KEY_CANARY },
  },
});
