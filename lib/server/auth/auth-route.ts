import "server-only";
import NextAuth from "next-auth";
import { AppError } from "../errors";
import { handle } from "../http/respond";
import { SIGN_IN_TOO_MANY } from "@/lib/shared/sign-in";
import { authOptions, sessionCookieName, usesSecureCookies } from "./options";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, issueDeviceCookie } from "./throttle";

// next-auth's endpoints, behind a gate that accepts only the one request encoding Cutroom's own
// forms send. next-auth reads JSON as well as forms, and a form with a repeated field its own way;
// anything a reader could take two ways is refused here, so the email next-auth checks is the one
// Cutroom counts (the count itself is taken inside `authorize`, on the email being verified).

const FORM = "application/x-www-form-urlencoded";
const MAX_BODY_BYTES = 8 * 1024;

type Context = { params: Promise<{ nextauth: string[] }> };

function mediaType(header: string | null): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

/** The fields of a POST body, refused unless it is a plain form with each field given once. */
async function readForm(request: Request): Promise<URLSearchParams> {
  if (mediaType(request.headers.get("content-type")) !== FORM) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Sign-in takes ${FORM} only.`);
  }
  const text = await request.clone().text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "That request is too large.");
  const fields = new URLSearchParams(text);
  const seen = new Set<string>();
  for (const name of fields.keys()) {
    if (seen.has(name)) throw new AppError("BAD_REQUEST", `The field "${name}" is given more than once.`);
    seen.add(name);
  }
  return fields;
}

function isCredentialsCallback(request: Request): boolean {
  return request.method === "POST" && new URL(request.url).pathname.endsWith("/callback/credentials");
}

/** After a sign-in: the device cookie on success; 429 with Retry-After for a throttled attempt. */
async function finishSignIn(response: Response, email: string): Promise<Response> {
  const name = sessionCookieName();
  // next-auth splits a long cookie into name.0, name.1, ...
  const signedIn = response.headers.getSetCookie().some((cookie) => cookie.startsWith(`${name}=`) || cookie.startsWith(`${name}.0=`));
  if (signedIn) {
    const secure = usesSecureCookies() ? "; Secure" : "";
    response.headers.append(
      "set-cookie",
      `${DEVICE_COOKIE}=${issueDeviceCookie(email)}; Path=/; Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
    );
    return response;
  }
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { url?: unknown } | null;
  const error = typeof body?.url === "string" ? new URL(body.url, "http://x").searchParams.get("error") : null;
  if (!error?.startsWith(`${SIGN_IN_TOO_MANY}:`)) return response;
  const headers = new Headers(response.headers);
  headers.set("retry-after", error.split(":")[1]!);
  return new Response(await response.text(), { status: 429, headers });
}

/** next-auth's endpoints with the API's headers, error mapping and same-origin check (no login CSRF). */
export const authRoute = handle<Context>(async (request, context) => {
  const form = request.method === "POST" ? await readForm(request) : null;
  const response = await NextAuth(authOptions())(request, context);
  return form && isCredentialsCallback(request) ? finishSignIn(response, form.get("email") ?? "") : response;
});
