import { afterEach, beforeEach } from "vitest";
import { resetEnvForTests } from "@/lib/server/env";

/** Sets (or, with undefined, removes) environment variables and makes the env module read them again. */
export function configureEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
}

/**
 * Gives every test of the calling suite the environment it started with: whatever a test sets or
 * removes is put back after it (and `afterRestore`, for example forgetting cached secrets, runs),
 * so no case passes or fails because of another's variables.
 */
export function restoreEnvAfterEach(afterRestore: () => void = () => undefined): void {
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = { ...process.env };
  });
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    resetEnvForTests();
    afterRestore();
  });
}
