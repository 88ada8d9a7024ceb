import "server-only";

/**
 * A sliding-window request counter per client address, as a provider applies it ("60 requests per
 * minute per IP"). It lives in the sandbox's memory on purpose: it models one provider server.
 */
export function createRateLimiter(limit: number, windowMs: number) {
  const hits = new Map<string, number[]>();

  return {
    /** Records a hit; returns null when allowed, or the seconds to wait when over the limit. */
    hit(client: string, now = Date.now()): number | null {
      const recent = (hits.get(client) ?? []).filter((time) => time > now - windowMs);
      if (recent.length >= limit) {
        hits.set(client, recent);
        return Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
      }
      recent.push(now);
      hits.set(client, recent);
      return null;
    },
    reset() {
      hits.clear();
    },
  };
}
