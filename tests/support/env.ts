import { resetEnvForTests } from "@/lib/server/env";

/** Sets (or, with undefined, removes) environment variables and makes the env module read them again. */
export function configureEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
}
