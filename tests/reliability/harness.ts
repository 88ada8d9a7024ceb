import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { createPostgresDatabase } from "../support/postgres-database";
import { freePort } from "../support/free-port";
import { signInThroughNextAuth } from "../support/next-auth-sign-in";

// Real processes for the reliability runs: the sandbox on its own port, one or more `next start`
// instances of the production build on one Postgres, killed and restarted at will. Sizes come from
// RELIABILITY_SCALE: "ci" (default, small) or "full" (the counts in docs/BENCHMARKS.md).

// Tests and benches run from the repository root (vitest, npm scripts and the documented commands).
export const ROOT = process.cwd();
export const FULL = process.env.RELIABILITY_SCALE === "full";
export const scale = (ci: number, full: number) => (FULL ? full : ci);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

function logDir(name: string): string {
  const dir = path.join(ROOT, "tests/.tmp/reliability", name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

type Managed = { child: ChildProcess; exited: Promise<number | null> };

function launch(command: string, args: string[], env: Record<string, string>, logFile: string): Managed {
  const out = fs.openSync(logFile, "a");
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited };
}

/** The providers whose sandbox scripts/sandbox-server.mts runs, and the header each takes its key in. */
export type SandboxProvider = "aivideomaker" | "skills-video" | "apidot";
const keyHeaders = (provider: SandboxProvider, key: string): Record<string, string> =>
  provider === "aivideomaker" ? { key } : { authorization: `Bearer ${key}` };

export type SandboxProcess = {
  provider: SandboxProvider;
  url: string;
  key: string;
  /** The sandbox's own key header, for its API and its control plane (/_sandbox/*). */
  headers: Record<string, string>;
  get: (path: string) => Promise<Response>;
  put: (path: string, body: unknown) => Promise<Response>;
  /** AIVideoMaker only: every task of the key, through its task list. */
  ledger: () => Promise<{ id: string; status: string; idempotencyKey: string | null; creditsCharged: number; creditsRefunded: number }[]>;
  calls: (since?: number) => Promise<{ at: number; endpoint: string; status: number }[]>;
  stop: () => Promise<void>;
};

export async function startSandboxProcess(
  name: string,
  options: {
    seconds: number;
    faults?: unknown;
    credits?: number;
    /** Which provider's sandbox (AIVideoMaker unless given). */
    provider?: SandboxProvider;
    /** skills.video: the dashboard endpoint its signed webhooks go to, and its secret. */
    webhook?: { url: string; secret: string };
  },
): Promise<SandboxProcess> {
  const provider = options.provider ?? "aivideomaker";
  const port = await freePort();
  const key = `sandbox_${randomBytes(8).toString("hex")}`;
  const headers = keyHeaders(provider, key);
  const args = [
    "--conditions=react-server",
    "scripts/sandbox-server.mts",
    "--provider",
    provider,
    "--port",
    String(port),
    "--key",
    key,
    "--seconds",
    String(options.seconds),
  ];
  args.push("--credits", String(options.credits ?? 10_000_000));
  if (options.faults) args.push("--faults", JSON.stringify(options.faults));
  if (options.webhook) args.push("--webhook-url", options.webhook.url, "--webhook-secret", options.webhook.secret);
  const logName = provider === "aivideomaker" ? "sandbox.log" : `sandbox-${provider}.log`;
  const managed = launch(path.join(ROOT, "node_modules/.bin/tsx"), args, {}, path.join(logDir(name), logName));
  const url = `http://127.0.0.1:${port}`;
  const get = (p: string) => fetch(`${url}${p}`, { headers });
  // The control plane answers once the sandbox is up, and is not a vendor call (not in its call log).
  await waitFor(async () => (await get("/_sandbox/faults")).ok, 30_000);
  return {
    provider,
    url,
    key,
    headers,
    get,
    put: (p, body) =>
      fetch(`${url}${p}`, { method: "PUT", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }),
    ledger: async () => (await (await get("/api/v1/tasks")).json()).tasks,
    calls: async (since = 0) => (await (await get(`/_sandbox/calls?since=${since}`)).json()).calls,
    stop: async () => {
      managed.child.kill("SIGTERM");
      await managed.exited;
    },
  };
}

/**
 * The variables that point an app at a sandbox process as at the provider's live API (a key set,
 * so the app's own sandbox stays off). skills.video also needs the secret its webhooks are signed with.
 */
export function providerEnvFor(sandbox: SandboxProcess, webhookSecret?: string): Record<string, string> {
  switch (sandbox.provider) {
    case "aivideomaker":
      return { AIVIDEO_API_KEY: sandbox.key, AIVIDEO_BASE_URL: sandbox.url };
    case "skills-video":
      return {
        SKILLS_VIDEO_API_KEY: sandbox.key,
        SKILLS_VIDEO_BASE_URL: `${sandbox.url}/api/v1`,
        ...(webhookSecret ? { SKILLS_VIDEO_WEBHOOK_SECRET: webhookSecret } : {}),
      };
    case "apidot":
      return { APIDOT_API_KEY: sandbox.key, APIDOT_BASE_URL: sandbox.url };
  }
}

export type AppProcess = {
  url: string;
  port: number;
  /** Signs the bootstrap admin in through next-auth over HTTP and returns the session cookie. */
  signIn: () => Promise<string>;
  start: () => Promise<void>;
  kill: (signal: NodeJS.Signals) => Promise<number | null>;
  running: () => boolean;
  /** The server process's id while it runs (for /proc sampling). */
  pid: () => number | undefined;
};

export type AppOptions = {
  /** A port chosen beforehand, when something must know the app's URL before it starts. */
  port?: number;
  /** Runs the server under node with these flags (as HARNESS_NODE_ARGS does), e.g. ["--import", probe]. */
  nodeArgs?: string[];
};

export type Deployment = {
  databaseUrl: string | null;
  authSecret: string;
  dataDir: string;
  sql: pg.Pool;
  app: (extraEnv?: Record<string, string>, options?: AppOptions) => Promise<AppProcess>;
  cookie: () => Promise<string>;
  stop: () => Promise<void>;
};

/**
 * A fresh data directory and database, with a first admin, for app instances to share: a new
 * Postgres database, or (`pglite`) the embedded database of a single instance.
 */
export async function createDeployment(
  name: string,
  sandbox: SandboxProcess,
  baseEnv: Record<string, string> = {},
  options: { database: "postgres" | "pglite" } = { database: "postgres" },
): Promise<Deployment> {
  const { url, drop } = options.database === "postgres" ? await createPostgresDatabase() : { url: null, drop: async () => undefined };
  const dataDir = logDir(`${name}/data`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const authSecret = randomBytes(32).toString("base64url");
  // With PGlite the database belongs to the app process; `sql` then points at nothing and is unused.
  const sql = new pg.Pool({ connectionString: url ?? "postgres://unused@127.0.0.1:1/none", max: 4 });
  const apps: AppProcess[] = [];
  const env: Record<string, string> = {
    ...(url ? { DATABASE_URL: url } : {}),
    DATA_DIR: dataDir,
    AUTH_SECRET: authSecret,
    ADMIN_EMAIL: "ops@example.com",
    ADMIN_PASSWORD: "reliability run",
    ...providerEnvFor(sandbox),
    // The sandbox process stands in for a provider on the operator's own network.
    PROVIDER_OUTPUT_ALLOW_PRIVATE: "127.0.0.1",
    AIVIDEO_TIMEOUT_MS: "3000",
    AIVIDEO_MAX_RETRIES: "1",
    RECONCILE_INTERVAL_MS: "2000",
    LOG_LEVEL: "warn",
    // Load runs create hundreds of tasks a minute as one admin; the per-member limit is not under test.
    CREATE_RATE_LIMIT: "100000",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "true",
    ...baseEnv,
  };

  return {
    databaseUrl: url,
    authSecret,
    dataDir,
    sql,
    async app(extraEnv = {}, options = {}) {
      const port = options.port ?? (await freePort());
      const appUrl = `http://127.0.0.1:${port}`;
      let managed: Managed | null = null;
      const instance: AppProcess = {
        url: appUrl,
        port,
        async signIn() {
          const response = await signInThroughNextAuth(appUrl, { email: env.ADMIN_EMAIL!, password: env.ADMIN_PASSWORD! });
          const session = response.cookies.find((cookie) => cookie.startsWith("next-auth.session-token="));
          if (!session) throw new Error(`sign-in failed with HTTP ${response.status}`);
          return session.split(";")[0]!;
        },
        async start() {
          // HARNESS_NODE_ARGS (e.g. "--cpu-prof") runs the server under node with those flags.
          const nodeArgs = options.nodeArgs ?? process.env.HARNESS_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
          managed = launch(
            nodeArgs.length ? process.execPath : path.join(ROOT, "node_modules/.bin/next"),
            [
              ...(nodeArgs.length ? [...nodeArgs, path.join(ROOT, "node_modules/next/dist/bin/next")] : []),
              "start",
              "-p",
              String(port),
              "-H",
              "127.0.0.1",
            ],
            { ...env, PORT: String(port), APP_PUBLIC_URL: appUrl, ...extraEnv },
            path.join(logDir(name), `app-${port}.log`),
          );
          await waitFor(async () => (await fetch(`${appUrl}/api/health`)).ok, 60_000);
        },
        async kill(signal) {
          if (!managed) return null;
          const current = managed;
          managed = null;
          current.child.kill(signal);
          return current.exited;
        },
        running: () => managed !== null,
        pid: () => managed?.child.pid,
      };
      apps.push(instance);
      await instance.start();
      return instance;
    },
    async cookie() {
      const { rows } = await sql.query("select id, session_version from users where email = 'ops@example.com'");
      // Sessions live on the server: the cookie names a row, as a real sign-in's does.
      const sid = randomBytes(24).toString("base64url");
      await sql.query("insert into auth_sessions (id, user_id, expires_at) values ($1, $2, now() + interval '7 days')", [sid, rows[0].id]);
      const token = await encode({ token: { sub: rows[0].id, sv: rows[0].session_version, sid }, secret: authSecret });
      return `next-auth.session-token=${token}`;
    },
    async stop() {
      for (const app of apps) if (app.running()) await app.kill("SIGKILL");
      await sql.end();
      await drop();
    },
  };
}

/** What a create asks for besides its prompt: an AIVideoMaker text-to-video unless given. */
export type TaskSpec = { provider: string; model: string; input: Record<string, unknown> };
const DEFAULT_SPEC: TaskSpec = { provider: "aivideomaker", model: "t2v", input: { aspectRatio: "16:9", duration: "5" } };

export async function createTaskOver(
  app: AppProcess,
  cookie: string,
  prompt: string,
  spec: TaskSpec = DEFAULT_SPEC,
): Promise<{ id: string; state: string } | null> {
  try {
    const response = await fetch(`${app.url}/api/tasks`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ provider: spec.provider, model: spec.model, input: { ...spec.input, prompt } }),
      signal: AbortSignal.timeout(20_000),
    });
    if (!response.ok) return null;
    return (await response.json()).task;
  } catch {
    // The app died mid-request: the outcome is unknown to this client, as it would be to a browser.
    return null;
  }
}

/** What the unfinished tasks went through, for the failure message of a run that timed out. */
export async function describeUnfinished(sql: pg.Pool): Promise<string> {
  const { rows } = await sql.query(
    `select t.id, t.state, t.submit_attempts, t.last_submit_at, t.provider_task_id,
            (select string_agg(e.message, ' | ' order by e.id) from task_events e where e.task_id = t.id) as events
       from tasks t where t.state in ('pending', 'queued', 'running') limit 10`,
  );
  const state = await sql.query("select * from provider_state");
  return JSON.stringify({ unfinished: rows, providerState: state.rows }, null, 2);
}

export type TaskRow = {
  id: string;
  state: string;
  provider_task_id: string | null;
  idempotency_key: string;
  prompt_text: string;
};

export async function taskRows(sql: pg.Pool): Promise<TaskRow[]> {
  return (await sql.query("select id, state, provider_task_id, idempotency_key, prompt_text from tasks")).rows;
}

/** The largest number of calls in any 60-second window. */
export function maxPerMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 60_000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export const SANDBOX_STATE: Record<string, string> = {
  SUBMITTED: "queued",
  PROGRESS: "running",
  COMPLETED: "succeeded",
  FAILED: "failed",
  CANCEL: "canceled",
};
