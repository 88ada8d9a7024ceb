import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/server/env";
import { startApp, type AppFixture } from "../support/app";

// Unattended installs: ADMIN_EMAIL and ADMIN_PASSWORD create the first admin at start-up, once.
describe("start-up", () => {
  let app: AppFixture;
  beforeAll(async () => {
    app = await startApp("pglite");
  });
  afterAll(async () => {
    delete process.env.ADMIN_EMAIL;
    delete process.env.ADMIN_PASSWORD;
    delete process.env.ADMIN_NAME;
    await app?.stop();
  });

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
    process.env.ADMIN_PASSWORD = "long enough password";
    resetEnvForTests();
  });

  it("generates and keeps an auth secret in DATA_DIR when AUTH_SECRET is unset", async () => {
    delete process.env.AUTH_SECRET;
    resetEnvForTests();
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { authSecret } = await import("@/lib/server/auth/secret");
    const { forgetSecretsForTests } = await import("@/lib/server/secrets");
    forgetSecretsForTests();
    const first = authSecret();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(path.join(app.dataDir, "auth-secret"), "utf8")).toBe(first);
    expect((fs.statSync(path.join(app.dataDir, "auth-secret")).mode & 0o777).toString(8)).toBe("600");
    forgetSecretsForTests();
    expect(authSecret()).toBe(first);
  });
});
