import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function Home() {
  await requirePageUser("/generate");
  redirect("/generate");
}
