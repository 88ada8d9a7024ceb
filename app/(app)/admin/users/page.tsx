import type { Metadata } from "next";
import { PageHeading } from "@/components/ui/page-heading";
import { UsersPanel } from "@/components/admin/users-panel";
import { requirePageAdmin } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { listUsers } from "@/lib/server/db/queries/users";
import { listPendingInvites } from "@/lib/server/users/invites";
import { toUserView } from "@/lib/server/users/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const admin = await requirePageAdmin("/admin/users");
  const database = await db();
  const [users, invites] = await Promise.all([listUsers(database).then((rows) => rows.map(toUserView)), listPendingInvites(database)]);
  return (
    <div className="space-y-6">
      <PageHeading title="Users" description="Who can sign in to Cutroom, and what they may do." />
      <UsersPanel initial={users} initialInvites={invites} currentUserId={admin.id} />
    </div>
  );
}
