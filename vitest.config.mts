import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// One project per kind of test, so each script runs what its name says:
// - unit: lib/ and tests/unit/, no database, no server, no build;
// - pglite, postgres: every `*.db.test.ts` once on that engine (read with testDatabaseKind());
// - integration: the other integration tests (clients over HTTP, fuzzing, the upload corpus...),
//   whose engine, if any, is part of what they test;
// - build-boundary: real `next build` runs that prove the server-only boundary holds.
const DATABASE_SUITES = "tests/integration/**/*.db.test.ts";
// Fails the run early, with a clear message, when the local Postgres is missing.
const NEEDS_POSTGRES = ["tests/support/global-setup.ts"];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
    },
  },
  test: {
    environment: "node",
    // Generous on purpose: these limits only catch a hang, and a loaded two-core machine needs
    // over a minute to start an app on PGlite. No assertion may depend on the machine's speed.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "unit", include: ["lib/**/*.test.ts", "tests/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "pglite", include: [DATABASE_SUITES], provide: { databaseKind: "pglite" } } },
      {
        extends: true,
        test: { name: "postgres", include: [DATABASE_SUITES], provide: { databaseKind: "postgres" }, globalSetup: NEEDS_POSTGRES },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: [...configDefaults.exclude, DATABASE_SUITES],
          globalSetup: NEEDS_POSTGRES,
        },
      },
      { extends: true, test: { name: "build-boundary", include: ["tests/build/**/*.test.ts"] } },
    ],
  },
});
