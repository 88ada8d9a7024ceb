"use client";
import { Suspense, lazy, type ComponentType, type ReactNode } from "react";
import { useHydrated } from "@/lib/client/use-hydrated";

/**
 * A client component whose code loads the first time it renders, with `loading` shown meanwhile:
 * what next/dynamic does for client components, on React.lazy and Suspense alone. next/dynamic
 * brings about 2 KB (compressed) of its own runtime to every page that uses it, which Generate's
 * script budget cannot spare (docs/BENCHMARKS.md). Rendered on the server, its HTML stays in place
 * while the browser fetches the code, so nothing moves. `ssr: false` renders `loading` on the server
 * and during hydration, and the component after.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  { loading, ssr = true }: { loading?: () => ReactNode; ssr?: boolean } = {},
): ComponentType<P> {
  const Loaded = lazy(() => load().then((component) => ({ default: component }))) as unknown as ComponentType<P>;
  function Lazy(props: P) {
    const fallback = loading ? loading() : null;
    return (
      <Suspense fallback={fallback}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  function ClientOnly(props: P) {
    const hydrated = useHydrated();
    return hydrated ? <Lazy {...props} /> : loading ? loading() : null;
  }
  return ssr ? Lazy : ClientOnly;
}
