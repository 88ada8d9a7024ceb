import path from "node:path";
import { defineConfig } from "vitest/config";

// Reliability runs: real processes (the sandbox, `next start` instances) on the local Postgres.
// They need the production build (`npm run build`) and run one file at a time.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
    },
  },
  test: {
    include: ["tests/reliability/**/*.test.ts"],
    environment: "node",
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: "forks",
    globalSetup: ["tests/support/global-setup.ts"],
  },
});
