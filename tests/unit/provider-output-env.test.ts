import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/lib/server/env";

// PROVIDER_OUTPUT_ALLOW_PRIVATE is read once, at start-up, like every variable: a wrong entry stops
// the server with the variable's name rather than failing quietly on the first provider output.

const before = process.env.PROVIDER_OUTPUT_ALLOW_PRIVATE;

afterEach(() => {
  if (before === undefined) delete process.env.PROVIDER_OUTPUT_ALLOW_PRIVATE;
  else process.env.PROVIDER_OUTPUT_ALLOW_PRIVATE = before;
  resetEnvForTests();
});

describe("PROVIDER_OUTPUT_ALLOW_PRIVATE at start-up", () => {
  it("stops on a malformed entry, naming the variable and the entry", () => {
    process.env.PROVIDER_OUTPUT_ALLOW_PRIVATE = "10.0.0.0/8, 10.0.0.0/33";
    resetEnvForTests();
    expect(() => env()).toThrow('PROVIDER_OUTPUT_ALLOW_PRIVATE: "10.0.0.0/33" has no valid prefix length (0-32)');
  });

  it("reads a good list, and an empty one as allowing nothing", () => {
    process.env.PROVIDER_OUTPUT_ALLOW_PRIVATE = "10.0.0.0/8, minio.lan";
    resetEnvForTests();
    expect(env().PROVIDER_OUTPUT_ALLOW_PRIVATE.size).toBe(2);
    process.env.PROVIDER_OUTPUT_ALLOW_PRIVATE = "";
    resetEnvForTests();
    expect(env().PROVIDER_OUTPUT_ALLOW_PRIVATE.size).toBe(0);
  });
});
