import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Logo } from "@/components/shell/logo";
import { SharedOutput } from "@/components/share/shared-output";
import { LocalTime } from "@/components/ui/local-time";
import { db } from "@/lib/server/db";
import { readPublicShare } from "@/lib/server/shares/service";
import { shareTokenParams } from "@/lib/shared/share-params";

// A share link's page, for someone outside the team: no account, no app shell, nothing but what the
// link names (its title, the outputs, and the prompt and settings only when the link shows them).
export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: { absolute: "Shared from Cutroom" },
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const parsed = shareTokenParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { token } = parsed.data;
  const share = await readPublicShare(await db(), token);
  if (!share) notFound();
  return (
    <div className="mx-auto w-full max-w-5xl space-y-6 px-4 pb-16 pt-6 sm:px-6">
      <header className="flex items-center justify-between gap-4">
        <Logo />
        <p className="text-xs text-zinc-500">
          Shared with you · link expires <LocalTime iso={share.expiresAt} />
        </p>
      </header>
      <main id="main" className="space-y-6">
        <h1 className="break-words text-2xl font-semibold tracking-tight text-zinc-900">{share.title}</h1>
        {share.items.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing to show in this board yet.</p>
        ) : (
          <ul className={share.kind === "project" ? "grid gap-6 md:grid-cols-2" : "space-y-6"} aria-label="Shared outputs">
            {share.items.map((item) => (
              <li key={item.id}>
                <SharedOutput token={token} item={item} allowReview={share.allowReview} />
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}
