import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/server/env";
import { forgetSecretsForTests } from "@/lib/server/secrets";
import { startApp, type AppFixture } from "../support/app";
import { restoreEnvAfterEach } from "../support/env";

// Unattended installs: ADMIN_EMAIL and ADMIN_PASSWORD create the first admin at start-up, once.
describe("start-up", () => {
  let app: AppFixture;
  beforeAll(async () => {
    app = await startApp("pglite");
  });
  afterAll(async () => {
    await app?.stop();
  });
  // Each case sets ADMIN_* or removes AUTH_SECRET: none may see another's (nor a cached secret).
  restoreEnvAfterEach(forgetSecretsForTests);

  it("creates the first admin from the environment, and only on an empty install", async () => {
    Object.assign(process.env, { ADMIN_EMAIL: "Ops@Example.com", ADMIN_PASSWORD: "bootstrap password", ADMIN_NAME: "Ops" });
    resetEnvForTests();
    const { boot } = await import("@/lib/server/boot");
    const { db } = await import("@/lib/server/db");
    const { listUsers } = await import("@/lib/server/db/queries/users");
    const { verifyCredentials } = await import("@/lib/server/users/service");
    await boot();
    const users = await listUsers(await db());
    expect(users.map((user) => [user.email, user.role, user.name])).toEqual([["ops@example.com", "admin", "Ops"]]);
    expect(await verifyCredentials(await db(), "ops@example.com", "bootstrap password")).not.toBeNull();

    process.env.ADMIN_EMAIL = "second@example.com";
    resetEnvForTests();
    await boot();
    expect((await listUsers(await db())).map((user) => user.email)).toEqual(["ops@example.com"]);
  });

  it("refuses a weak bootstrap password with a message naming the variable", async () => {
    Object.assign(process.env, { ADMIN_EMAIL: "ops@example.com", ADMIN_PASSWORD: "short" });
    resetEnvForTests();
    const { env } = await import("@/lib/server/env");
    expect(() => env()).toThrow(/ADMIN_PASSWORD: must be at least 10 characters/);
  });

  it("generates and keeps an auth secret in DATA_DIR when AUTH_SECRET is unset", async () => {
    delete process.env.AUTH_SECRET;
    resetEnvForTests();
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { authSecret } = await import("@/lib/server/auth/secret");
    forgetSecretsForTests();
    const first = authSecret();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(path.join(app.dataDir, "auth-secret"), "utf8")).toBe(first);
    expect((fs.statSync(path.join(app.dataDir, "auth-secret")).mode & 0o777).toString(8)).toBe("600");
    forgetSecretsForTests();
    expect(authSecret()).toBe(first);
  });
});
