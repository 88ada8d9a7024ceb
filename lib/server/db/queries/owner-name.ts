import "server-only";
import { sql } from "drizzle-orm";
import { users } from "../schema";
import { FORMER_MEMBER_SUFFIX } from "@/lib/shared/users";

/**
 * A user's name as shown beside their tasks, for queries that join `users`: a deleted member's
 * row stays (their tasks keep an owner), named "<name> (former member)".
 */
export const ownerDisplayName = sql<string>`case when ${users.deletedAt} is null then ${users.name} else ${users.name} || ${FORMER_MEMBER_SUFFIX} end`;
