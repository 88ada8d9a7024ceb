import type { Browser } from "@playwright/test";
import { freePort } from "../support/free-port";
import { signInThroughNextAuth } from "../support/next-auth-sign-in";
import { startOidcServer, type OidcServerFixture } from "../support/oidc-server";
import { startOwnServer, type OwnServer } from "./own-server";
import { expect, expectNoAxeViolations, shootBothThemes, test, watchContextHealth } from "./support";

// Single sign-on in a browser, against a real OpenID Connect provider (oidc-provider) on loopback:
// a Cutroom server of its own set up with OIDC_*, members limited to example.com, and passwords for
// admins only. The first sign-on makes a member; a teammate added with a password earlier is
// matched by their verified email (one account, not two) and cannot use that password any more;
// an address outside the domains, or one the provider does not vouch for, is refused with the
// reason and no account; the admin still signs in with a password.

const ADMIN = { email: "root@example.com", password: "sso admin password 1" };

test.describe("single sign-on with an OpenID Connect provider", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ storageState: { cookies: [], origins: [] } });
  let idp: OidcServerFixture;
  let app: OwnServer;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const [appPort, idpPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${appPort}`;
    idp = await startOidcServer({
      port: idpPort,
      redirectUri: `${base}/api/auth/callback/oidc`,
      accounts: {
        nia: { email: "Nia@Example.com", email_verified: true, name: "Nia Okafor" },
        gus: { email: "gus@example.com", email_verified: true, name: "Gus at the provider" },
        oz: { email: "oz@elsewhere.org", email_verified: true, name: "Oz" },
        una: { email: "una@example.com", email_verified: false, name: "Una" },
      },
    });
    app = await startOwnServer("sso", appPort, {
      APP_PUBLIC_URL: base,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_NAME: "Acme SSO",
      OIDC_ALLOWED_DOMAINS: "example.com",
      PASSWORD_SIGN_IN: "admins",
    });
  });

  test.afterAll(async () => {
    await app?.stop();
    await idp?.close();
  });

  /** The admin's session cookie on this server, for its API. */
  const adminCookie = async () => {
    const signedIn = await signInThroughNextAuth(app.base, ADMIN);
    expect(signedIn.status).toBeLessThan(400);
    return signedIn.cookies.map((cookie) => cookie.split(";")[0]).join("; ");
  };
  const teammates = async () => {
    const response = await fetch(`${app.base}/api/admin/users`, { headers: { cookie: await adminCookie() } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { users: { id: string; email: string; name: string; role: string }[] }).users;
  };

  /** Signs on as one of the provider's accounts in a browser of its own (the provider remembers who signed in). */
  async function signOn(browser: Browser, account: string, next = "/gallery") {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    watchContextHealth(context);
    // The provider's development login page links a web font on the internet, which these
    // machines cannot reach: answered here with an empty one, so only real page errors count.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.fulfill({ status: 200, contentType: "text/css", body: "" }));
    const page = await context.newPage();
    await page.goto(`${app.base}/signin?next=${encodeURIComponent(next)}`);
    await page.getByRole("button", { name: "Sign in with Acme SSO" }).click();
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill("whatever the provider checks");
    await page.getByRole("button", { name: "Sign-in" }).click();
    // The provider asks once whether Cutroom may know who this is.
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${app.base}/**`);
    return { page, context };
  }

  test("offers the provider first, with passwords for admins, and reads well", async ({ page }) => {
    await page.goto(`${app.base}/signin`);
    await expect(page.getByText("Use Acme SSO.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in with Acme SSO" })).toBeVisible();
    await expect(page.getByText("Admins: email and password")).toBeVisible();
    await expectNoAxeViolations(page, "sign-in with single sign-on");
    await shootBothThemes(page, "signin-sso");
  });

  test("makes a member on the first sign-on and brings them where they were going", async ({ browser }) => {
    const { page, context } = await signOn(browser, "nia", "/tasks?state=failed");
    await expect(page).toHaveURL(`${app.base}/tasks?state=failed`);
    await expect(page.getByRole("button", { name: /^Account menu:\s*Nia Okafor/ })).toBeVisible();
    await context.close();
    const nia = (await teammates()).filter((user) => user.email === "nia@example.com");
    expect(nia).toEqual([expect.objectContaining({ name: "Nia Okafor", role: "member" })]);

    // The next sign-on is the same account, not a second one.
    const again = await signOn(browser, "nia");
    await expect(again.page).toHaveURL(`${app.base}/gallery`);
    await again.context.close();
    expect((await teammates()).filter((user) => user.email === "nia@example.com").map((user) => user.id)).toEqual([nia[0]!.id]);
  });

  test("matches a teammate added with a password by their verified email, and their password no longer signs them in", async ({
    browser,
  }) => {
    const cookie = await adminCookie();
    const added = await fetch(`${app.base}/api/admin/users`, {
      method: "POST",
      headers: { cookie, origin: app.base, "content-type": "application/json" },
      body: JSON.stringify({ name: "Gus Garner", email: "gus@example.com", password: "gus password 1", role: "member" }),
    });
    expect(added.status).toBe(201);
    const gus = ((await added.json()) as { user: { id: string } }).user;

    const { page, context } = await signOn(browser, "gus");
    await expect(page).toHaveURL(`${app.base}/gallery`);
    await expect(page.getByRole("button", { name: /^Account menu:\s*Gus Garner/ })).toBeVisible();
    await context.close();
    expect((await teammates()).filter((user) => user.email === "gus@example.com").map((user) => user.id)).toEqual([gus.id]);

    const form = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    watchContextHealth(form);
    const passwordPage = await form.newPage();
    await passwordPage.goto(`${app.base}/signin`);
    await passwordPage.getByLabel("Email").fill("gus@example.com");
    await passwordPage.getByLabel("Password", { exact: true }).fill("gus password 1");
    await passwordPage.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(passwordPage.getByText("This team signs in with single sign-on: use the button above.")).toBeVisible();
    await expect(passwordPage).toHaveURL(/\/signin/);
    await form.close();
  });

  test("refuses an address outside the team's domains, and one the provider does not vouch for, with the reason and no account", async ({
    browser,
  }) => {
    for (const [account, message] of [
      ["oz", "Your email address is not on a domain this team signs in with. Ask an admin."],
      ["una", "Your identity provider did not confirm an email address for you, so Cutroom cannot tell who you are."],
    ] as const) {
      const { page, context } = await signOn(browser, account);
      await expect(page).toHaveURL(/\/signin\?error=Sso/);
      await expect(page.getByText(message)).toBeVisible();
      if (account === "oz") await shootBothThemes(page, "signin-sso-refused");
      await context.close();
    }
    const emails = (await teammates()).map((user) => user.email);
    expect(emails).not.toContain("oz@elsewhere.org");
    expect(emails).not.toContain("una@example.com");
  });
});
