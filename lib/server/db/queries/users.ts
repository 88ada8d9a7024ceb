import "server-only";
import { asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { users, type User } from "../schema";

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return row?.count ?? 0;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** The team: everyone but deleted members (whose rows stay only so their tasks keep an owner). */
export async function listUsers(db: Db): Promise<User[]> {
  return db.select().from(users).where(isNull(users.deletedAt)).orderBy(asc(users.createdAt), asc(users.id)).limit(1000);
}
