import type { Browser, Page } from "@playwright/test";
import { expect, test, ADMIN_STATE, ORIGIN, signIn } from "./support";
import { signInThroughNextAuth } from "../support/next-auth-sign-in";

// Sign-in as an attacker would try it, against the production build: the lockout cannot be stepped
// around by writing the request another way or by racing it, a stranger cannot keep the owner out
// of a browser they already use, sign-out ends the session on the server, and no `next` leads off
// the site.

const ACCOUNT_LIMIT = 10; // lib/server/auth/throttle.ts ACCOUNT_LIMIT

async function newTeammate(browser: Browser, label: string) {
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const member = { name: `${label} ${stamp}`, email: `${label.toLowerCase()}${stamp}@example.com`, password: `${label} password 1` };
  const created = await admin.request.post(`${ORIGIN}/api/admin/users`, {
    data: { ...member, role: "member" },
    headers: { origin: ORIGIN },
  });
  expect(created.status()).toBe(201);
  const { user } = (await created.json()) as { user: { id: string } };
  return { member: { ...member, id: user.id }, admin };
}

/** A CSRF token and its cookie, as next-auth's client gets them before posting credentials. */
async function csrf(): Promise<{ token: string; cookie: string }> {
  const response = await fetch(`${ORIGIN}/api/auth/csrf`);
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  return { token: ((await response.json()) as { csrfToken: string }).csrfToken, cookie };
}

/** Posts to the credentials callback with a body and content type of the test's choosing. */
async function postCredentials(body: string, contentType: string, extraCookie = ""): Promise<Response> {
  const { cookie } = await csrf();
  return fetch(`${ORIGIN}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": contentType, cookie: [cookie, extraCookie].filter(Boolean).join("; ") },
    body,
  });
}

const sessionSet = (response: Response) => response.headers.getSetCookie().some((value) => /^next-auth\.session-token(\.0)?=/.test(value));

async function spendAllowance(email: string) {
  for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt++) {
    const result = await signInThroughNextAuth(ORIGIN, { email, password: `wrong guess ${attempt}` });
    expect(result.status).toBe(401);
  }
}

test.describe("signing in", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a locked account stays locked whatever the request encoding, and odd encodings are refused outright", async ({ browser }) => {
    const { member, admin } = await newTeammate(browser, "Locked");
    await admin.close();
    await spendAllowance(member.email);

    const { token, cookie } = await csrf();
    const form = (fields: [string, string][]) => new URLSearchParams([...fields, ["csrfToken", token], ["json", "true"]]).toString();
    const right: [string, string][] = [
      ["email", member.email],
      ["password", member.password],
    ];

    // The right password, as a plain form: refused by the lock, with the time to wait.
    const locked = await fetch(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: form(right),
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(sessionSet(locked)).toBe(false);

    // The same password written every other way next-auth or a browser would read.
    const attempts: { name: string; response: Response; status: number }[] = [
      {
        name: "JSON",
        status: 415,
        response: await postCredentials(
          JSON.stringify({ email: member.email, password: member.password, csrfToken: token, json: "true" }),
          "application/json",
        ),
      },
      {
        name: "email given twice",
        status: 400,
        response: await postCredentials(form([["email", `ghost${Date.now()}@example.com`], ...right]), "application/x-www-form-urlencoded"),
      },
      {
        name: "a type that only contains the form type",
        status: 415,
        response: await postCredentials(form(right), "text/plain; x=application/x-www-form-urlencoded"),
      },
      { name: "multipart", status: 415, response: await postCredentials(form(right), "multipart/form-data; boundary=x") },
      { name: "no content type", status: 415, response: await postCredentials(form(right), "") },
    ];
    for (const attempt of attempts) {
      expect(attempt.response.status, attempt.name).toBe(attempt.status);
      expect(sessionSet(attempt.response), attempt.name).toBe(false);
      const body = (await attempt.response.json()) as { error?: { message?: string } };
      expect(body.error?.message, attempt.name).toMatch(/x-www-form-urlencoded|more than once/);
    }
  });

  test("control characters in the credentials are a refused sign-in, never a 5xx", async () => {
    for (const email of ["nul\u0000@example.com", "tab\t@example.com", "ada@example.com\u007f"]) {
      const { token, cookie } = await csrf();
      const response = await fetch(`${ORIGIN}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ email, password: "whatever 1", csrfToken: token, json: "true" }),
      });
      expect(response.status, JSON.stringify(email)).toBe(401);
      expect(sessionSet(response)).toBe(false);
    }
  });

  test("thirty guesses sent at once are counted before any is checked", async () => {
    const email = `race${Date.now()}@example.com`;
    const { token, cookie } = await csrf();
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        fetch(`${ORIGIN}/api/auth/callback/credentials`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          body: new URLSearchParams({ email, password: `guess ${index}`, csrfToken: token, json: "true" }),
        }).then((response) => response.status),
      ),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(ACCOUNT_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - ACCOUNT_LIMIT);
  });

  test("a stranger's guesses cannot keep the owner out of a browser they have signed in from", async ({ browser, page }) => {
    const { member, admin } = await newTeammate(browser, "Owner");
    await admin.close();
    // The owner signs in once from this browser (it is given a device cookie), then signs out.
    await signIn(page, member);
    expect((await page.context().cookies()).some((cookie) => cookie.name === "cutroom-device" && cookie.httpOnly)).toBe(true);
    const out = await page.request.post(`${ORIGIN}/api/auth/signout`, {
      form: {
        csrfToken: ((await (await page.request.get(`${ORIGIN}/api/auth/csrf`)).json()) as { csrfToken: string }).csrfToken,
        json: "true",
      },
      headers: { origin: ORIGIN },
    });
    expect(out.status()).toBe(200);

    // A stranger spends every guess the account has for unknown devices.
    await spendAllowance(member.email);
    const stranger = await signInThroughNextAuth(ORIGIN, { email: member.email, password: member.password });
    expect(stranger.status).toBe(429);

    // The owner's browser is not a stranger: it signs in.
    await signIn(page, member);
    // A browser the owner never used is held back like the stranger, with the reason.
    const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const freshPage = await fresh.newPage();
    await freshPage.goto("/signin");
    await freshPage.getByLabel("Email").fill(member.email);
    await freshPage.getByLabel("Password", { exact: true }).fill(member.password);
    await freshPage.getByRole("button", { name: "Sign in" }).click();
    await expect(freshPage.getByText(/^Too many attempts\. Try again in (a minute|\d+ minutes)\.$/)).toBeVisible();
    await fresh.close();
  });

  test("signing out ends the session on the server: a copied cookie stops working", async ({ browser, page }) => {
    const { member, admin } = await newTeammate(browser, "Copied");
    await admin.close();
    await signIn(page, member);
    const session = (await page.context().cookies()).find((cookie) => cookie.name === "next-auth.session-token")!;
    expect(session).toBeTruthy();

    const thief = await browser.newContext({ storageState: { cookies: [session], origins: [] } });
    expect((await thief.request.get(`${ORIGIN}/api/tasks`)).status()).toBe(200);

    await page.getByRole("button", { name: /^Account menu:/ }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);

    expect((await thief.request.get(`${ORIGIN}/api/tasks`)).status()).toBe(401);
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/tasks");
    await expect(thiefPage).toHaveURL(/\/signin\?next=/);
    await thief.close();
  });

  test("a disabled teammate is told the account is disabled, but only with the right password", async ({ browser, page }) => {
    const { member, admin } = await newTeammate(browser, "Gone");
    const disabled = await admin.request.patch(`${ORIGIN}/api/admin/users/${member.id}`, {
      data: { disabled: true },
      headers: { origin: ORIGIN },
    });
    expect(disabled.status()).toBe(200);
    await admin.close();

    await page.goto("/signin");
    await page.getByLabel("Email").fill(member.email);
    await page.getByLabel("Password", { exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await page.getByLabel("Password", { exact: true }).fill(member.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("This account is disabled. Ask an admin to enable it again.")).toBeVisible();
    await expect(page).toHaveURL(/\/signin/);
  });
});

// `next` values as an attacker would put them in a link, percent-encoded in every way that a
// browser, Next.js or URL parsing could turn into another host.
const HOSTILE_NEXT = [
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0d%0a/evil.example",
  "/%20/evil.example",
  "/%E2%80%A8/evil.example",
  "/%C2%A0/evil.example",
  "/%00/evil.example",
  "/%5Cevil.example",
  "/%5C%5Cevil.example",
  "%5C%5Cevil.example",
  "//evil.example",
  "%2F%2Fevil.example",
  "/%2F%2Fevil.example/..",
  "///evil.example",
  "https://evil.example",
  "https:evil.example",
  "https%3A%2F%2Fevil.example",
  "javascript:alert(document.domain)",
  "javascript%3Aalert(1)",
  "/a/..//evil.example",
  "/%2e%2e//evil.example",
  "%09//evil.example",
  "/%ZZ",
  "/%",
];

async function expectStaysHome(page: Page, requests: string[]) {
  const url = new URL(page.url());
  expect(url.origin).toBe(ORIGIN);
  expect(requests.filter((request) => !request.startsWith(ORIGIN) && !request.startsWith("data:") && !request.startsWith("blob:"))).toEqual(
    [],
  );
}

test.describe("the return path after sign-in", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  // One test per value, each with a page of its own, so no navigation of another is under way.
  for (const next of HOSTILE_NEXT) {
    test(`a hostile next (${next}) leads nowhere off the site, signing in or already signed in, and never answers 5xx`, async ({
      page,
      request,
    }) => {
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("request", (sent) => requests.push(sent.url()));
      page.on("pageerror", (error) => errors.push(error.message));
      const answer = await request.get(`/signin?next=${next}`, { maxRedirects: 0 });
      expect(answer.status()).toBeLessThan(500);

      await page.goto(`/signin?next=${next}`);
      await page.getByLabel("Email").fill("ada@example.com");
      await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/generate$/);
      await expectStaysHome(page, requests);

      // Signed in now: the sign-in page sends the browser on at once.
      const response = await page.goto(`/signin?next=${next}`);
      expect(response?.status() ?? 200).toBeLessThan(500);
      await expect(page).toHaveURL(/\/generate$/);
      await expectStaysHome(page, requests);
      expect(errors).toEqual([]);
    });
  }

  test("a shared link keeps its whole path and query through sign-in", async ({ page }) => {
    await page.goto("/tasks?state=failed&q=fail");
    await expect(page).toHaveURL(`${ORIGIN}/signin?next=${encodeURIComponent("/tasks?state=failed&q=fail")}`);
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${ORIGIN}/tasks?state=failed&q=fail`);
  });
});
