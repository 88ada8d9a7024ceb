import {
  expect,
  test,
  ADMIN_STATE,
  ORIGIN,
  builtRoutes,
  cancelViaApi,
  createTaskViaApi,
  expectTaskState,
  signIn,
  takeCspViolations,
} from "./support";

// Headers every page carries, a script injected into a page that the browser refuses, and the
// sign-in lockout after ten wrong passwords (the same for an account that does not exist); the
// ways around it are tried in sign-in.spec.ts.

test.describe("as a signed-in admin", () => {
  test.use({ storageState: ADMIN_STATE });

  test("every page has a strict Content-Security-Policy with a fresh nonce, and the usual headers", async ({ page }) => {
    const nonces = new Set<string>();
    const paths = [
      "/generate",
      "/tasks",
      "/gallery",
      "/projects",
      "/admin/users",
      "/admin/providers",
      "/admin/deleted",
      "/admin/shares",
      "/no-such-page",
    ];
    for (const path of paths) {
      const response = (await page.goto(path))!;
      const headers = response.headers();
      const csp = headers["content-security-policy"] ?? "";
      const scriptSrc = csp.split(";").find((part) => part.trim().startsWith("script-src")) ?? "";
      expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
      expect(scriptSrc, path).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
      nonces.add(nonce);
      // Next.js's own scripts carry this request's nonce.
      const html = await response.text();
      expect(html, path).toContain(`nonce="${nonce}"`);
    }
    // A fresh nonce per document: no two pages share one.
    expect(nonces.size).toBe(paths.length);
    // API answers are not documents, but are still never sniffed.
    const api = await page.request.get("/api/health");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("markup injected into the page cannot run script", async ({ page }) => {
    await page.goto("/tasks");
    // What an HTML injection would try: an inline event handler. Only scripts carrying the nonce run.
    const ran = await page.evaluate(async () => {
      (window as unknown as { injected?: boolean }).injected = false;
      const holder = document.createElement("div");
      holder.innerHTML = `<img src="data:image/png;base64,AAAA" onerror="window.injected = true">`;
      document.body.append(holder);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return (window as unknown as { injected?: boolean }).injected;
    });
    expect(ran).toBe(false);
    await expect.poll(() => takeCspViolations(page).length).toBeGreaterThan(0);
  });
});

test.describe("hostile text", () => {
  test.use({ storageState: ADMIN_STATE });

  test("prompts and names render as text on every page that shows them", async ({ page, browser }) => {
    const stamp = Date.now();
    const payload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>${stamp}`;
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // A teammate whose name is markup, and tasks whose prompts are: one finished, one held in the queue.
    const created = await page.request.post(`${ORIGIN}/api/admin/users`, {
      data: { name: `<b>Mal</b> ${stamp}`, email: `mal${stamp}@example.com`, password: "mal password 1", role: "member" },
      headers: { origin: ORIGIN },
    });
    expect(created.status()).toBe(201);
    // That teammate creates and cancels a task, so the task's timeline carries their name.
    const malContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const malPage = await malContext.newPage();
    await signIn(malPage, { email: `mal${stamp}@example.com`, password: "mal password 1" });
    const malTask = await createTaskViaApi(malPage, "t2v", { prompt: `${payload} [sandbox:hold]`, aspectRatio: "16:9", duration: "5" });
    await cancelViaApi(malPage, [malTask]);
    await malContext.close();
    const done = await createTaskViaApi(page, "t2v", { prompt: payload, aspectRatio: "16:9", duration: "5" });
    const held = await createTaskViaApi(page, "t2v", { prompt: `${payload} [sandbox:hold]`, aspectRatio: "16:9", duration: "5" });
    await page.goto(`/tasks/${done}`);
    await expectTaskState(page, "Succeeded");

    const views = [
      `/tasks/${done}`,
      `/tasks/${malTask}`,
      `/tasks?q=${stamp}`,
      `/gallery?q=${stamp}`,
      `/admin/queue?q=${stamp}`,
      "/admin/users",
      "/admin/webhooks",
    ];
    for (const view of views) {
      await page.goto(view);
      await page.waitForLoadState("networkidle");
      const text =
        view === "/admin/users"
          ? `<b>Mal</b> ${stamp}`
          : view === `/tasks/${malTask}`
            ? `Cancelled by <b>Mal</b> ${stamp}`
            : view === "/admin/webhooks"
              ? null
              : payload.slice(0, 40);
      if (view.startsWith("/gallery"))
        await expect(page.getByRole("button", { name: new RegExp(String(stamp)) }).first(), view).toBeVisible();
      else if (text) await expect(page.getByText(text, { exact: false }).first(), view).toBeVisible();
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null), view).toBeNull();
      expect(await page.locator('img[src="x"], b:text("Mal")').count(), view).toBe(0);
    }
    expect(dialogs).toEqual([]);
    await cancelViaApi(page, [held]);
  });
});

test.describe("signing in", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("ten wrong passwords from unknown browsers lock an account for the hour, and an unknown one looks the same", async ({
    page,
    browser,
  }) => {
    // A teammate of its own, so no other test's account is locked.
    const admin = await browser.newContext({ storageState: ADMIN_STATE });
    const stamp = `${Date.now()}`;
    const member = { name: `Lock ${stamp}`, email: `lock${stamp}@example.com`, password: "lock password 1" };
    expect(
      (
        await admin.request.post(`${ORIGIN}/api/admin/users`, { data: { ...member, role: "member" }, headers: { origin: ORIGIN } })
      ).status(),
    ).toBe(201);
    await admin.close();

    for (const email of [member.email, `ghost${stamp}@example.com`]) {
      await page.goto("/signin");
      await page.getByLabel("Email").fill(email);
      for (let attempt = 1; attempt <= 10; attempt++) {
        await page.getByLabel("Password", { exact: true }).fill(`wrong password ${attempt}`);
        await page.getByRole("button", { name: "Sign in" }).click();
        await expect(page.getByText("Incorrect email or password.")).toBeVisible();
      }
      // Locked now: even the right password is refused, with a message that does not say whether
      // the account exists.
      await page.getByLabel("Password", { exact: true }).fill(member.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText(/^Too many attempts\. Try again in (a minute|\d+ minutes)\.$/)).toBeVisible();
      await expect(page).toHaveURL(/\/signin/);
    }
  });
});

test.describe("without a session", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  // Routes meant to answer without a session: sign-in and first-run set-up, health, the built-in
  // sandboxes (they check their own key), the metrics (their own token, tried below and in
  // tests/integration/metrics.db.test.ts), the webhook receivers (per-task token or signature), the
  // signed upload links (the signature is the permission), accepting an invitation (its token is)
  // and share links (the token is; an unknown one is a 404, tried in shares.spec.ts).
  const OPEN = [
    /^\/api\/auth\//,
    /^\/api\/setup$/,
    /^\/api\/health(\/(live|ready))?$/,
    /^\/api\/metrics$/,
    /^\/api\/sandbox\//,
    /^\/api\/webhook\//,
    /^\/api\/uploads\/\[id\]\/link$/,
    /^\/api\/invites\/accept$/,
    /^\/api\/share\/\[token\]\//,
  ];

  test("every other API route answers 401, also with a spoofed x-middleware-subrequest header", async ({ request }) => {
    const routes = builtRoutes().api;
    expect(routes.length).toBeGreaterThan(20);
    const checked: string[] = [];
    for (const { route, methods } of routes) {
      if (OPEN.some((pattern) => pattern.test(route))) continue;
      expect(methods.length, route).toBeGreaterThan(0);
      const url = route.replace(/\[[^\]]+\]/g, "4f1c2b8e-2f6d-4c55-9b1e-2b8a4f6c1d3e");
      for (const method of methods) {
        const spoofs: Record<string, string>[] = [
          {},
          { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
        ];
        for (const spoof of spoofs) {
          const response = await request.fetch(url, {
            method,
            headers: { origin: ORIGIN, "content-type": "application/json", ...spoof },
            ...(method === "GET" ? {} : { data: {} }),
          });
          expect(response.status(), `${method} ${route}`).toBe(401);
        }
        checked.push(`${method} ${route}`);
      }
    }
    expect(checked.length).toBeGreaterThan(15);
  });

  test("the metrics never answer without their token, whether or not a session cookie is forged", async ({ request }) => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-the-token-at-all" },
      { cookie: "authjs.session-token=forged" },
    ];
    for (const headers of attempts) {
      const response = await request.get("/api/metrics", { headers });
      // 404 while METRICS_TOKEN is unset (the endpoint is off), 401 with a wrong token when it is set.
      expect([401, 404]).toContain(response.status());
      expect(await response.text()).not.toContain("cutroom_");
    }
  });
});
