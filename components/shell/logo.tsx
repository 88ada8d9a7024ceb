export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 text-zinc-900">
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#6d28d9" />
        <path d="M11 9.5v13l11-6.5z" fill="#fff" />
      </svg>
      <span className="text-lg font-semibold tracking-tight">Cutroom</span>
    </span>
  );
}
