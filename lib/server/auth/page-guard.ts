import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { db } from "../db";
import { countUsers } from "../db/queries/users";
import { userFromCookies, type SessionUser } from "./session";

const globalForSetup = globalThis as unknown as { cutroomSetupDone?: boolean };

/** True once any user exists. Cached when true: users are disabled, never deleted. */
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

/** For pages: while no user exists, everything leads to set-up; then a session is required. */
export async function requirePageUser(path: string): Promise<SessionUser> {
  if (!(await isSetUp())) redirect("/setup");
  const user = await currentPageUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(path)}`);
  return user;
}

/** Admin pages answer 404 to members, as if they did not exist. */
export async function requirePageAdmin(path: string): Promise<SessionUser> {
  const user = await requirePageUser(path);
  if (user.role !== "admin") notFound();
  return user;
}
