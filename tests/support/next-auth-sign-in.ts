// Signs in through next-auth's own endpoints, as its browser client does (a CSRF token, then the
// credentials callback), with plain fetch so no cookie jar stands between a test and the
// Set-Cookie headers. Used by tests that run whole servers (the e2e audit, the reliability harness).

export async function signInThroughNextAuth(
  baseUrl: string,
  credentials: { email: string; password: string },
): Promise<{ status: number; cookies: string[] }> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const csrfCookies = csrf.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies },
    body: new URLSearchParams({ email: credentials.email, password: credentials.password, csrfToken, json: "true" }),
  });
  return { status: response.status, cookies: response.headers.getSetCookie() };
}
