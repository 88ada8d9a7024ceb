import "server-only";
import { createHash } from "node:crypto";
import type { ProviderResult } from "../providers/result";
import type { Quote, VideoProvider } from "../providers/types";
import { canonicalJson } from "./canonical-json";

// The same provider, model and input is the same price, whoever asks: a price given in the last
// QUOTE_TTL_MS is given again, and identical checks that arrive together share one provider call.
// Per instance and per provider client (a new client, as after a configuration change, starts
// empty). Only successes are kept; a create in this instance forgets its provider's prices, since
// the balance they carry has moved.

export const QUOTE_TTL_MS = 30_000;
const MAX_ENTRIES = 1000;

/** `owner` is the user whose check asked the provider. */
type Entry = { at: number; owner: string; value: Promise<ProviderResult<Quote>> };

const globalForQuotes = globalThis as unknown as { cutroomQuotes?: WeakMap<VideoProvider, Map<string, Entry>> };

function entriesOf(provider: VideoProvider): Map<string, Entry> {
  const all = (globalForQuotes.cutroomQuotes ??= new WeakMap());
  let entries = all.get(provider);
  if (!entries) {
    entries = new Map();
    all.set(provider, entries);
  }
  return entries;
}

/** The cache key: a hash of the model and its validated input with object keys in a fixed order. */
export function quoteKeyOf(model: string, input: Record<string, unknown>): string {
  return createHash("sha256")
    .update(JSON.stringify([model, canonicalJson(input)]))
    .digest("hex");
}

function fresh(entry: Entry | undefined, now: number): entry is Entry {
  return entry !== undefined && now - entry.at < QUOTE_TTL_MS;
}

/**
 * The price for `key`: a recent one, the answer of an identical check already on its way, or else
 * `load`'s (which takes the caller's rate slot before it calls the provider, so a shared answer
 * costs no one a slot). When a check this caller joined was refused for its own caller (that
 * member's rate limit), this caller asks for itself.
 */
export async function loadQuote(
  provider: VideoProvider,
  key: string,
  owner: string,
  load: () => Promise<ProviderResult<Quote>>,
): Promise<ProviderResult<Quote>> {
  const entries = entriesOf(provider);
  const existing = entries.get(key);
  if (fresh(existing, Date.now())) {
    try {
      return await existing.value;
    } catch (error) {
      if (existing.owner === owner) throw error;
      if (entries.get(key) === existing) entries.delete(key);
    }
  }
  const entry: Entry = { at: Date.now(), owner, value: load() };
  makeRoom(entries, entry.at);
  entries.set(key, entry);
  try {
    const result = await entry.value;
    // A failure is the provider's word on this one call (busy, down): the next check asks again.
    if (!result.ok && entries.get(key) === entry) entries.delete(key);
    return result;
  } catch (error) {
    if (entries.get(key) === entry) entries.delete(key);
    throw error;
  }
}

/** Forgets a provider's prices (a create moved its balance). */
export function forgetQuotes(provider: VideoProvider): void {
  entriesOf(provider).clear();
}

function makeRoom(entries: Map<string, Entry>, now: number): void {
  if (entries.size < MAX_ENTRIES) return;
  for (const [key, entry] of entries) if (!fresh(entry, now)) entries.delete(key);
  // Still full of fresh prices: the oldest go first (a Map iterates in insertion order).
  for (const key of entries.keys()) {
    if (entries.size < MAX_ENTRIES) break;
    entries.delete(key);
  }
}
