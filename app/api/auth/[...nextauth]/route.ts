// GET|POST /api/auth/* - next-auth: sign-in with email and password, sign-out, CSRF token, session
import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/auth/options";
import { lockedFor } from "@/lib/server/auth/throttle";
import { db } from "@/lib/server/db";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

/** A sign-in for an email that is locked out is refused before its password is even checked. */
async function refusedSignIn(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  if (request.method !== "POST" || !url.pathname.endsWith("/callback/credentials")) return null;
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const email = form?.get("email");
  if (typeof email !== "string" || !email) return null;
  const seconds = await lockedFor(await db(), email);
  if (seconds === 0) return null;
  // The shape next-auth's client reads ({url} with the error in it), with 429 for the form.
  return Response.json(
    { url: `${url.origin}/signin?error=TooManyAttempts` },
    { status: 429, headers: { "retry-after": String(seconds), "cache-control": "no-store" } },
  );
}

async function handler(request: Request, context: Context) {
  return (await refusedSignIn(request)) ?? NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
