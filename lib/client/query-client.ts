import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError } from "./api";
import { isSigningOut } from "./sign-out";

// Query defaults for the whole app. Client errors are not retried (they would fail the same way);
// a 401 means the session ended, so the browser goes to the sign-in page.

function redirectOn401(error: unknown) {
  // While signing out, a poll that meets the ended session must not turn the way out into a
  // "sign in to come back here" link.
  if (isApiError(error, 401) && typeof window !== "undefined" && !isSigningOut() && !window.location.pathname.startsWith("/signin")) {
    // A full page load on purpose: the session is gone, so every cached query is stale too.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(`/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: redirectOn401 }),
    mutationCache: new MutationCache({ onError: redirectOn401 }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: (failureCount, error) => {
          if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
