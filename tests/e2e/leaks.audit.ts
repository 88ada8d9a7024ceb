import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIResponse } from "@playwright/test";
import { expect, test, ADMIN, ADMIN_STATE, FIXTURES, ORIGIN, builtRoutes, createTaskViaApi } from "./support";

// Runs after every other browser test (the "audit" project), when the server has done everything
// the suite asks of it: no secret in the build, in any page or API answer, or in any log line.
// Secrets: the canary provider key the build was made with and the server runs with, the session
// signing secret, session cookies, webhook tokens, prompts and media URLs.

const ROOT = path.resolve(__dirname, "../..");
const TMP = path.join(ROOT, "tests/.tmp");
const canary = process.env.E2E_KEY_CANARY!;
const buildCanaryFile = path.join(TMP, "build-canary");
const buildCanary = fs.existsSync(buildCanaryFile) ? fs.readFileSync(buildCanaryFile, "utf8").trim() : null;
const SERVER_LOG = path.join(TMP, "e2e-server.log");
const PROMPT = `audit prompt ${Date.now()} of a lighthouse at dusk`;
const PORT = Number(process.env.E2E_PORT ?? 3210);

test.use({ storageState: ADMIN_STATE });

/** Every value that must never leave the server, or reach a log. */
function secrets(): string[] {
  const authSecret = fs.readFileSync(path.join(TMP, "e2e-data/auth-secret"), "utf8").trim();
  const state = JSON.parse(fs.readFileSync(ADMIN_STATE, "utf8")) as { cookies: { name: string; value: string }[] };
  const sessions = state.cookies.filter((cookie) => cookie.name.includes("session-token")).map((cookie) => cookie.value);
  expect(sessions.length).toBeGreaterThan(0);
  return [canary, ...(buildCanary ? [buildCanary] : []), authSecret, ...sessions].filter((value) => value.length >= 16);
}

function filesUnder(dir: string, skip: (full: string) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip(full)) continue;
    if (entry.isDirectory()) found.push(...filesUnder(full, skip));
    else found.push(full);
  }
  return found;
}

test("the build holds no key: no static file, source map or server file carries the canary", () => {
  // In CI the build is always made by scripts/test-e2e.sh with the canary as every provider's key.
  if (process.env.CI) expect(buildCanary, "tests/.tmp/build-canary (written by scripts/test-e2e.sh)").toMatch(/^canary_/);
  const all = filesUnder(path.join(ROOT, ".next"), (full) => full.endsWith(`${path.sep}cache`));
  const statics = all.filter((file) => file.includes(`${path.sep}static${path.sep}`));
  const maps = all.filter((file) => file.endsWith(".map"));
  expect(statics.length).toBeGreaterThan(10);
  const leaks: string[] = [];
  for (const file of all) {
    const text = fs.readFileSync(file, "latin1");
    if (buildCanary && text.includes(buildCanary)) leaks.push(path.relative(ROOT, file));
    if ((statics.includes(file) || maps.includes(file)) && text.includes(canary)) leaks.push(path.relative(ROOT, file));
  }
  expect(leaks).toEqual([]);
  test.info().annotations.push({ type: "scanned", description: `${all.length} build files, ${maps.length} source maps` });
});

test("a crawl of every page and API route, HTML, RSC and JSON, carries no secret", async ({ page }) => {
  test.setTimeout(180_000);
  // Real objects for the routes that take an id: a finished task with the audit's prompt, an upload.
  const taskId = await createTaskViaApi(page, "t2v", { prompt: PROMPT, aspectRatio: "16:9", duration: "5" });
  await expect
    .poll(async () => ((await (await page.request.get(`/api/tasks/${taskId}`)).json()) as { task: { state: string } }).task.state, {
      timeout: 60_000,
    })
    .toBe("succeeded");
  const uploaded = await page.request.post("/api/uploads", {
    data: fs.readFileSync(path.join(FIXTURES, "portrait.png")),
    headers: { origin: ORIGIN, "content-type": "image/png" },
  });
  expect(uploaded.status()).toBe(201);
  const uploadId = ((await uploaded.json()) as { upload: { id: string } }).upload.id;
  const known = secrets();
  const leaks: string[] = [];
  let crawled = 0;
  const check = async (label: string, response: APIResponse) => {
    crawled++;
    const body = (await response.body()).toString("latin1");
    for (const secret of known) if (body.includes(secret)) leaks.push(`${label} (${response.status()})`);
  };

  const { pages, api } = builtRoutes();
  expect(pages.length).toBeGreaterThan(8);
  for (const { route } of pages) {
    const url = route.replace("[id]", taskId);
    await check(`HTML ${url}`, await page.request.get(url));
    await check(`RSC ${url}`, await page.request.get(url, { headers: { rsc: "1" } }));
  }

  const fill = (route: string, id: string) =>
    route
      .replace("[provider]", "aivideomaker")
      .replace("[taskId]", id)
      .replace("[id]", route.includes("/uploads/") ? uploadId : id);
  for (const { route, methods } of api) {
    if (route.includes("[...")) continue;
    for (const method of methods) {
      // Reads with real ids; writes with an unknown id and an empty body, so the crawl changes nothing.
      const url = fill(route, method === "GET" ? taskId : "4f1c2b8e-2f6d-4c55-9b1e-2b8a4f6c1d3e");
      const response = await page.request.fetch(url, {
        method,
        headers: { origin: ORIGIN, "content-type": "application/json" },
        ...(method === "GET" ? {} : { data: {} }),
      });
      await check(`${method} ${url}`, response);
    }
  }
  // The catch-alls: next-auth's endpoints, and each sandbox called with the canary as its key,
  // including its control plane, which lists the calls it received.
  for (const url of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signin"]) {
    await check(`GET ${url}`, await page.request.get(url));
  }
  const sandboxAuth = { key: canary, authorization: `Bearer ${canary}` };
  for (const provider of ["aivideomaker", "skills-video", "apidot"]) {
    for (const rest of ["api/v1/account", "_sandbox/calls", "_sandbox/faults", "no-such-endpoint"]) {
      await check(`GET sandbox ${provider}/${rest}`, await page.request.get(`/api/sandbox/${provider}/${rest}`, { headers: sandboxAuth }));
    }
  }
  expect(crawled).toBeGreaterThan(60);
  expect(leaks).toEqual([]);
});

/** What a log line must never hold, apart from the exact secrets. */
function logProblems(line: string): string | null {
  if (line.includes(PROMPT) || /audit prompt \d+/.test(line)) return "a prompt";
  if (/[?&]token=/.test(line)) return "a webhook token";
  if (/"prompt":"(?!\[redacted\])/.test(line)) return "a prompt field";
  // The app's own (JSON) lines carry ids, never links: media and callback URLs stay out.
  if (line.startsWith("{") && /https?:\/\//.test(line)) return "a URL";
  return null;
}

test("no log line holds a key, a session, a token, a prompt or a media URL", async () => {
  const lines = fs.readFileSync(SERVER_LOG, "utf8").split("\n").filter(Boolean);
  const json = lines.filter((line) => line.startsWith("{"));
  // The suite signs in, generates, fails, cancels and receives webhooks: the log has seen it all.
  expect(json.length).toBeGreaterThan(8);
  for (const event of ["sign_in", "task_submitted", "media_archived"])
    expect(
      json.some((line) => line.includes(`"event":"${event}"`)),
      event,
    ).toBe(true);
  const known = secrets();
  const bad: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (known.some((secret) => line.includes(secret))) bad.push(`line ${index + 1}: a secret`);
    const problem = logProblems(line);
    if (problem) bad.push(`line ${index + 1}: ${problem}`);
  }
  expect(bad).toEqual([]);
});

/**
 * Signs in through next-auth's own endpoints, as its client does, and returns the cookies it set.
 * Plain fetch, so no cookie jar stands between the test and the Set-Cookie headers.
 */
async function signInCookies(base: string, credentials: { email: string; password: string }): Promise<string[]> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: credentials.email, password: credentials.password, json: "true" }),
  });
  expect(signedIn.status).toBeLessThan(400);
  return signedIn.headers.getSetCookie();
}

const attributes = (cookie: string) => cookie.split(";").map((part) => part.trim().toLowerCase());

test("the session cookie is HttpOnly and SameSite=Lax, and Secure when Cutroom is served over https", async () => {
  test.setTimeout(120_000);
  const cookies = await signInCookies(ORIGIN, ADMIN);
  const session = cookies.find((cookie) => cookie.startsWith("next-auth.session-token="));
  expect(session, cookies.join("\n")).toBeDefined();
  expect(attributes(session!)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
  expect(attributes(session!)).not.toContain("secure");

  // The same build behind a TLS proxy: APP_PUBLIC_URL is https, so cookies are Secure and prefixed.
  const port = PORT + 1;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-https-"));
  const logFile = path.join(TMP, "e2e-https-server.log");
  const out = fs.openSync(logFile, "w");
  const server = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_MANUAL_SIG_HANDLE: "true",
      DATA_DIR: dataDir,
      APP_PUBLIC_URL: "https://cutroom.example.com",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SANDBOX_API_KEY: canary,
      LOG_LEVEL: "info",
      BACKGROUND_WORK: "off",
    },
    stdio: ["ignore", out, out],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await expect.poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
    const secureCookies = await signInCookies(base, ADMIN);
    const secureSession = secureCookies.find((cookie) => cookie.startsWith("__Secure-next-auth.session-token="));
    expect(secureSession, secureCookies.join("\n")).toBeDefined();
    expect(attributes(secureSession!)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/", "secure"]));
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    fs.closeSync(out);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  // That server's log is held to the same rules.
  const lines = fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean);
  expect(lines.filter((line) => line.includes(canary) || logProblems(line))).toEqual([]);
});
