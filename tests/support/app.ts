import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { stopBackgroundLoops } from "@/lib/server/background";
import { closeDatabase } from "@/lib/server/db/client";
import { stopJobEngine } from "@/lib/server/jobs/engine";
import { forgetSecretsForTests } from "@/lib/server/secrets";
import { resetEnvForTests } from "@/lib/server/env";
import { resetProvidersForTests } from "@/lib/server/providers/registry";
import { stopFollowing } from "@/lib/server/tasks/follow";
import { APIDOT_TEST_KEY, startApidotSandbox, type ApidotSandboxFixture } from "./apidot-sandbox";
import { createPostgresDatabase, type DbKind } from "./databases";
import { startSandbox, type SandboxFixture } from "./sandbox";
import {
  SKILLS_VIDEO_TEST_KEY,
  SKILLS_VIDEO_TEST_SECRET,
  startSkillsVideoSandbox,
  type SkillsVideoSandboxFixture,
} from "./skills-video-sandbox";

// Runs Cutroom's server code in the test process as `next start` would: configuration from the
// environment, the process-wide database (PGlite in a temp DATA_DIR, or a fresh Postgres database),
// and each provider pointed at its sandbox on its own port.

export const TEST_AUTH_SECRET = "test-secret-test-secret-test-secret-0123456789";
export const APP_ORIGIN = "http://cutroom.test";

export type AppFixture = {
  sandbox: SandboxFixture;
  skillsVideo: SkillsVideoSandboxFixture;
  apidot: ApidotSandboxFixture;
  dataDir: string;
  stop: () => Promise<void>;
};

export async function startApp(kind: DbKind, sandboxOptions: Parameters<typeof startSandbox>[0] = {}): Promise<AppFixture> {
  const sandbox = await startSandbox({ taskSeconds: 1, ...sandboxOptions });
  // The three sandboxes keep their tables in one database, as inside Cutroom.
  const skillsVideo = await startSkillsVideoSandbox({ db: sandbox.database.db });
  const apidot = await startApidotSandbox({ db: sandbox.database.db });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-test-"));
  const postgres = kind === "postgres" ? await createPostgresDatabase() : null;
  Object.assign(process.env, {
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    AUTH_SECRET: TEST_AUTH_SECRET,
    AIVIDEO_API_KEY: "sandbox-test-key",
    AIVIDEO_BASE_URL: sandbox.url,
    AIVIDEO_MAX_RETRIES: "1",
    SKILLS_VIDEO_API_KEY: SKILLS_VIDEO_TEST_KEY,
    SKILLS_VIDEO_BASE_URL: `${skillsVideo.url}/api/v1`,
    SKILLS_VIDEO_WEBHOOK_SECRET: SKILLS_VIDEO_TEST_SECRET,
    APIDOT_API_KEY: APIDOT_TEST_KEY,
    APIDOT_BASE_URL: apidot.url,
    // The sandboxes stand in for real providers on loopback, as a provider on the operator's own
    // network would: their outputs are fetched only because this allows it.
    PROVIDER_OUTPUT_ALLOW_PRIVATE: "127.0.0.1",
    LOG_LEVEL: "silent",
    BACKGROUND_WORK: "off",
    // Suites create and price many tasks a minute as one user; member-limits.db.test.ts sets its own.
    CREATE_RATE_LIMIT: "10000",
    QUOTE_RATE_LIMIT: "10000",
  });
  if (postgres) process.env.DATABASE_URL = postgres.url;
  else delete process.env.DATABASE_URL;
  resetEnvForTests();
  resetProvidersForTests();
  forgetSecretsForTests();
  return {
    sandbox,
    skillsVideo,
    apidot,
    dataDir,
    stop: async () => {
      // As on SIGTERM: let go of live provider streams first, so nothing polls a closed database.
      stopFollowing();
      // Timers a test's boot() started (the storage sweep) must not reopen a closed database.
      await stopBackgroundLoops();
      await stopJobEngine(false, 0);
      await closeDatabase();
      await skillsVideo.stop();
      await apidot.stop();
      await sandbox.stop();
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A real next-auth session cookie for a user, with its session row, as the sign-in route would set it. */
export async function sessionCookie(user: { id: string; sessionVersion: number }, secret = TEST_AUTH_SECRET): Promise<string> {
  const { db } = await import("@/lib/server/db");
  const { startSession } = await import("@/lib/server/auth/sessions");
  const { SESSION_MAX_AGE_SECONDS } = await import("@/lib/server/auth/options");
  const sid = await startSession(await db(), user.id, SESSION_MAX_AGE_SECONDS);
  const token = await encode({ token: { sub: user.id, sv: user.sessionVersion, sid }, secret });
  return `next-auth.session-token=${token}`;
}

export function request(
  method: string,
  pathname: string,
  options: { cookie?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.json !== undefined) headers.set("content-type", "application/json");
  if (method !== "GET" && method !== "HEAD" && !headers.has("origin")) headers.set("origin", APP_ORIGIN);
  return new Request(`${APP_ORIGIN}${pathname}`, {
    method,
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
    // Needed by Node's fetch for streamed bodies.
    ...(options.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

export const params = <T extends Record<string, string | string[]>>(value: T) => ({ params: Promise.resolve(value) });

export type Person = { user: { id: string; name: string; sessionVersion: number }; cookie: string };

/** Teammates by name, each created with their role and signed in (a session cookie with its row). */
export async function signedInPeople(roster: readonly (readonly [string, "admin" | "member"])[]): Promise<Record<string, Person>> {
  const { db } = await import("@/lib/server/db");
  const { createUser } = await import("@/lib/server/users/service");
  const database = await db();
  const people: Record<string, Person> = {};
  for (const [index, [name, role]] of roster.entries()) {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "") || "person";
    const user = await createUser(database, { name, email: `${slug}${index}@example.com`, password: `${name} password 1`, role });
    people[name] = { user, cookie: await sessionCookie(user) };
  }
  return people;
}
