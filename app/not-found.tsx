import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60dvh] flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">This page does not exist</h1>
      <p className="max-w-sm text-sm text-zinc-500">It may have been moved, or you may not have access to it.</p>
      <Link href="/generate" className={buttonClass("primary", "md", "mt-2")}>
        Go to Generate
      </Link>
    </main>
  );
}
