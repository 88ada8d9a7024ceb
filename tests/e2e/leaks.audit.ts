import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { freePort } from "../support/free-port";
import { signInThroughNextAuth } from "../support/next-auth-sign-in";
import { startOwnServer } from "./own-server";
import { expect, test, ADMIN, ADMIN_STATE, FIXTURES, ORIGIN, builtRoutes, createTaskViaApi } from "./support";

// Runs after every other browser test (the "audit" project), when the server has done everything
// the suite asks of it: no secret in the build, in any page or API answer, or in any log line.
// Secrets: the canary provider key the build was made with and the server runs with, the session
// signing secret, session cookies, webhook tokens, prompts and media URLs.

const ROOT = path.resolve(__dirname, "../..");
const TMP = path.join(ROOT, "tests/.tmp");
const canary = process.env.E2E_KEY_CANARY!;
/** The canary the current build was made with: scripts/test-e2e.sh records it with the build's id. */
function readBuildCanary(): string | null {
  const file = path.join(TMP, "build-canary.json");
  if (!fs.existsSync(file)) return null;
  const record = JSON.parse(fs.readFileSync(file, "utf8")) as { canary: string; buildId: string };
  const buildId = fs.readFileSync(path.join(ROOT, ".next/BUILD_ID"), "utf8").trim();
  return record.buildId === buildId ? record.canary : null;
}
const buildCanary = readBuildCanary();
const SERVER_LOG = path.join(TMP, "e2e-server.log");
const PROMPT = `audit prompt ${Date.now()} of a lighthouse at dusk`;

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
  if (process.env.CI) expect(buildCanary, "tests/.tmp/build-canary.json, for this build (scripts/test-e2e.sh)").toMatch(/^canary_/);
  if (!buildCanary) test.info().annotations.push({ type: "note", description: "this build was not made by scripts/test-e2e.sh" });
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
  // Nor does the build ship source maps (Next.js's default): nothing maps the bundles back to source.
  expect(maps.map((file) => path.relative(ROOT, file))).toEqual([]);
});

/** The pages Next.js adds itself, and the status each answers with. */
const INTERNAL_PAGE_STATUS: Record<string, number> = { "/_not-found": 404, "/_global-error": 500 };
/** Reads that need a query to name what they read. */
const QUERY: Record<string, (taskId: string) => string> = {
  "/api/downloads/zip": (taskId) => `?ids=${taskId}`,
  "/api/shares": (taskId) => `?taskId=${taskId}`,
};
/** Routes that answer their own bearer token only (a backup holds the secrets by design), never a session. */
const OWN_TOKEN = ["/api/admin/backup", "/api/metrics"];

test("a crawl of every page and API route, HTML, RSC and JSON, carries no secret", async ({ page }) => {
  test.setTimeout(180_000);
  // Real objects for the routes that take an id: an upload, and a finished task made from it with
  // the audit's prompt (so the task, its video, poster and input image all exist).
  const uploaded = await page.request.post("/api/uploads", {
    data: fs.readFileSync(path.join(FIXTURES, "portrait.png")),
    headers: { origin: ORIGIN, "content-type": "image/png" },
  });
  expect(uploaded.status()).toBe(201);
  const uploadId = ((await uploaded.json()) as { upload: { id: string } }).upload.id;
  const taskId = await createTaskViaApi(page, "i2v", { image: { uploadId }, prompt: PROMPT, duration: "5" });
  await expect
    .poll(async () => ((await (await page.request.get(`/api/tasks/${taskId}`)).json()) as { task: { state: string } }).task.state, {
      timeout: 60_000,
    })
    .toBe("succeeded");
  // And a project, for its board (/projects/[id]), holding that task.
  const project = await page.request.post("/api/projects", {
    data: { name: `Audit board ${Date.now()}` },
    headers: { origin: ORIGIN },
  });
  expect(project.status()).toBe(201);
  const projectId = ((await project.json()) as { project: { id: string } }).project.id;
  const idFor = (route: string) => (route.startsWith("/projects/") ? projectId : taskId);
  // And a share link to the task, for the page people outside the team open (/s/[token]): made
  // once Cutroom holds its copy of the output (the poster comes with it), as a share needs.
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/tasks/${taskId}`)).json()) as { task: { media: { posterUrl: string | null } | null } }).task
          .media?.posterUrl ?? null,
      { timeout: 60_000 },
    )
    .not.toBeNull();
  const shared = await page.request.post("/api/shares", {
    data: { taskId, title: "Audit share", expiresInHours: 24 },
    headers: { origin: ORIGIN },
  });
  expect(shared.status()).toBe(201);
  const shareToken = new URL(((await shared.json()) as { url: string }).url).pathname.split("/").pop()!;
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
    const url = route.replace("[id]", idFor(route)).replace("[token]", route.startsWith("/s/") ? shareToken : "[token]");
    const html = await page.request.get(url);
    // Every page renders for the admin (a crawl of sign-in redirects or errors would prove nothing);
    // Next.js's own not-found and global-error pages answer with their status.
    const internal = route.startsWith("/_");
    expect(html.status(), url).toBe(INTERNAL_PAGE_STATUS[route] ?? 200);
    await check(`HTML ${url}`, html);
    const rsc = await page.request.get(url, { headers: { rsc: "1" } });
    if (!internal) expect(rsc.headers()["content-type"], `RSC ${url}`).toContain("text/x-component");
    await check(`RSC ${url}`, rsc);
  }

  const fill = (route: string, id: string) =>
    route
      .replace("[provider]", "aivideomaker")
      .replace("[taskId]", id)
      .replace("[token]", shareToken)
      .replace("[id]", route.includes("/uploads/") ? uploadId : route.startsWith("/api/projects/") && id === taskId ? projectId : id);
  for (const { route, methods } of api) {
    if (route.includes("[...")) continue;
    for (const method of methods) {
      // Reads with real ids; writes with an unknown id and an empty body, so the crawl changes nothing.
      const url =
        fill(route, method === "GET" ? taskId : "4f1c2b8e-2f6d-4c55-9b1e-2b8a4f6c1d3e") +
        (method === "GET" ? (QUERY[route]?.(taskId) ?? "") : "");
      const response = await page.request.fetch(url, {
        method,
        headers: { origin: ORIGIN, "content-type": "application/json" },
        ...(method === "GET" ? {} : { data: {} }),
      });
      // Reads of real objects succeed (the signed link route needs its signature, so it refuses;
      // the backup and the metrics need their own tokens, which a session is not).
      if (OWN_TOKEN.includes(route)) expect([401, 404], `GET ${url}`).toContain(response.status());
      else if (method === "GET" && !route.endsWith("/link")) expect(response.status(), `GET ${url}`).toBe(200);
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

/** What a log line must never hold, apart from the exact secrets and the suite's prompts. */
function logProblems(line: string): string | null {
  if (line.includes(PROMPT) || /audit prompt \d+/.test(line)) return "a prompt";
  if (/[?&]token=/.test(line)) return "a webhook token";
  // next-auth's session tokens are JWEs: a base64url header, an empty key, then three parts.
  if (/eyJ[\w-]{10,}\.\.[\w-]+\.[\w-]+\.[\w-]+/.test(line)) return "a session token";
  if (/\bBearer\s+\S/i.test(line)) return "a bearer credential";
  if (/"prompt":"(?!\[redacted\])/.test(line)) return "a prompt field";
  // The app's own (JSON) lines carry ids, never links: media and callback URLs stay out.
  if (line.startsWith("{") && /https?:\/\//.test(line)) return "a URL";
  return null;
}

/** Every prompt the suite wrote (the task list shows the admin all of the team's tasks). */
async function allPrompts(request: APIRequestContext): Promise<string[]> {
  const prompts: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await request.get(`/api/tasks?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(response.status()).toBe(200);
    const page = (await response.json()) as { items: { prompt: string | null }[]; nextCursor: string | null };
    for (const item of page.items) if (item.prompt && item.prompt.trim().length >= 12) prompts.push(item.prompt.trim());
    cursor = page.nextCursor;
  } while (cursor);
  return prompts;
}

test("no log line holds a key, a session, a token, a prompt or a media URL", async ({ request }) => {
  const prompts = await allPrompts(request);
  expect(prompts.length).toBeGreaterThan(0);
  const lines = fs.readFileSync(SERVER_LOG, "utf8").split("\n").filter(Boolean);
  const json = lines.filter((line) => line.startsWith("{"));
  // The suite signs in, generates, fails, cancels and receives webhooks: the log has seen it all.
  expect(json.length).toBeGreaterThan(8);
  for (const event of ["sign_in", "task_submitted"])
    expect(
      json.some((line) => line.includes(`"event":"${event}"`)),
      event,
    ).toBe(true);
  const known = secrets();
  const bad: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (known.some((secret) => line.includes(secret))) bad.push(`line ${index + 1}: a secret`);
    if (prompts.some((prompt) => line.includes(prompt))) bad.push(`line ${index + 1}: a prompt of the suite`);
    const problem = logProblems(line);
    if (problem) bad.push(`line ${index + 1}: ${problem}`);
  }
  expect(bad).toEqual([]);
});

/** The cookies next-auth sets on a successful sign-in. */
async function signInCookies(base: string, credentials: { email: string; password: string }): Promise<string[]> {
  const signedIn = await signInThroughNextAuth(base, credentials);
  expect(signedIn.status).toBeLessThan(400);
  return signedIn.cookies;
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
  const server = await startOwnServer("https", await freePort(), {
    APP_PUBLIC_URL: "https://cutroom.example.com",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SANDBOX_API_KEY: canary,
  });
  const logFile = server.logFile;
  try {
    const secureCookies = await signInCookies(server.base, ADMIN);
    const secureSession = secureCookies.find((cookie) => cookie.startsWith("__Secure-next-auth.session-token="));
    expect(secureSession, secureCookies.join("\n")).toBeDefined();
    expect(attributes(secureSession!)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/", "secure"]));
  } finally {
    await server.stop();
  }
  // That server's log is held to the same rules.
  const lines = fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean);
  expect(lines.filter((line) => line.includes(canary) || logProblems(line))).toEqual([]);
});
