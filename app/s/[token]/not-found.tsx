// What a share link that opens nothing shows: the same for an unknown, expired or revoked link, or
// one whose output was deleted, so it tells a stranger nothing.
export default function ShareNotFound() {
  return (
    <main className="flex min-h-[60dvh] flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">This link does not open anything</h1>
      <p className="max-w-sm text-sm text-zinc-500">It may have expired or been withdrawn. Ask whoever sent it for a new one.</p>
    </main>
  );
}
