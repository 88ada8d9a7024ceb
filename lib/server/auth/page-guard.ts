import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { db } from "../db";
import { countUsers } from "../db/queries/users";
import { REQUESTED_PATH_HEADER, safeNextPath } from "@/lib/shared/paths";
import { userFromCookies, type SessionUser } from "./session";

const globalForSetup = globalThis as unknown as { cutroomSetupDone?: boolean };

/** True once any user exists. Cached when true: a deleted member keeps their row, so it stays true. */
export async function isSetUp(): Promise<boolean> {
  if (globalForSetup.cutroomSetupDone) return true;
  const done = (await countUsers(await db())) > 0;
  if (done) globalForSetup.cutroomSetupDone = true;
  return done;
}

export async function currentPageUser(): Promise<SessionUser | null> {
  const store = await cookies();
  return userFromCookies(new Map(store.getAll().map((cookie) => [cookie.name, cookie.value])));
}

/**
 * Where sign-in should bring the visitor back to: the path and query they asked for (proxy.ts
 * passes it on), when it is this page's; else the page's own path.
 */
async function returnPath(path: string): Promise<string> {
  const requested = safeNextPath((await headers()).get(REQUESTED_PATH_HEADER));
  const pathname = (value: string) => value.split(/[?#]/)[0];
  return pathname(requested) === pathname(path) ? requested : path;
}

/** For pages: while no user exists, everything leads to set-up; then a session is required. */
export async function requirePageUser(path: string): Promise<SessionUser> {
  if (!(await isSetUp())) redirect("/setup");
  const user = await currentPageUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(await returnPath(path))}`);
  return user;
}

/** Admin pages answer 404 to members, as if they did not exist. */
export async function requirePageAdmin(path: string): Promise<SessionUser> {
  const user = await requirePageUser(path);
  if (user.role !== "admin") notFound();
  return user;
}
