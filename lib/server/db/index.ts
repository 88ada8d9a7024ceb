import "server-only";
import { env } from "../env";
import { databaseTargetFromEnv, getDatabase, type Db } from "./client";

export type { Db } from "./client";

/** The process-wide database, migrated on first use. */
export async function db(): Promise<Db> {
  return (await databaseHandle()).db;
}

export function databaseHandle() {
  return getDatabase(() => databaseTargetFromEnv(env()));
}
