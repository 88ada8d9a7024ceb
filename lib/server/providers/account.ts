import "server-only";
import type { CatalogModel } from "@/lib/shared/catalog";
import { getProvider } from "./registry";
import type { AccountInfo, VideoProvider } from "./types";

// A provider's account read (AIVideoMaker's "doctor" endpoint): its balance and, for providers
// whose account says so (capabilities.modelsFromAccount), the models it offers this key. The admin
// overview shows it; Generate and the create path use its model list. It is read at most once a
// minute per instance and provider client (reads arriving together share one call): the answer
// is a view, never a decision another instance needs.

export const ACCOUNT_TTL_MS = 60_000;
/**
 * The longest a create or the model list waits for a first account read. Past it the list counts
 * as unknown for that request (nothing is blocked) while the read goes on for the next one.
 */
const ACCOUNT_WAIT_MS = 10_000;

export type AccountView = AccountInfo | { error: string };

type Entry = { at: number; value: Promise<AccountView>; settled?: AccountView };
const globalForAccounts = globalThis as unknown as { cutroomAccounts?: WeakMap<VideoProvider, Entry> };

const cacheOf = () => (globalForAccounts.cutroomAccounts ??= new WeakMap());
const isFresh = (entry: Entry | undefined): boolean => entry !== undefined && Date.now() - entry.at < ACCOUNT_TTL_MS;

function readAccount(provider: VideoProvider): Entry {
  const entry: Entry = {
    at: Date.now(),
    value: provider.account().then(
      (result): AccountView => (result.ok ? result.data : { error: result.errorMessage }),
      (error: unknown): AccountView => ({ error: error instanceof Error ? error.message : "The account could not be read." }),
    ),
  };
  void entry.value.then((view) => (entry.settled = view));
  cacheOf().set(provider, entry);
  return entry;
}

/** The provider's account, or why it could not be read. */
export async function accountOf(provider: VideoProvider): Promise<AccountView> {
  const hit = cacheOf().get(provider);
  return (hit && isFresh(hit) ? hit : readAccount(provider)).value;
}

/** Forgets a provider's account (tests, after changing what the account offers). */
export function forgetAccount(provider: VideoProvider): void {
  globalForAccounts.cutroomAccounts?.delete(provider);
}

/**
 * The account as a request may rely on it without waiting long: a fresh answer; else the last one
 * while a new read runs; else a new read, for at most ACCOUNT_WAIT_MS (null past that: unknown).
 */
async function accountForRequest(provider: VideoProvider): Promise<AccountView | null> {
  const hit = cacheOf().get(provider);
  if (!isFresh(hit) && hit?.settled) {
    readAccount(provider);
    return hit.settled;
  }
  const entry = hit && isFresh(hit) ? hit : readAccount(provider);
  if (entry.settled) return entry.settled;
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ACCOUNT_WAIT_MS);
    timer.unref?.();
  });
  try {
    return await Promise.race([entry.value, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}

export const notOfferedReason = (providerLabel: string) => `Your ${providerLabel} account does not offer this model.`;

/**
 * Why the provider's account does not let this model be used, or null. Only a list the account
 * actually gave restricts anything: when the account cannot be read (down, busy, slow, another
 * shape), or lists no models at all, nothing is blocked, and the provider's own answer decides.
 */
export async function modelNotOffered(model: Pick<CatalogModel, "provider" | "id">): Promise<string | null> {
  const provider = getProvider(model.provider);
  if (!provider.capabilities.modelsFromAccount) return null;
  const account = await accountForRequest(provider);
  if (!account || "error" in account || !account.supportedModels?.length) return null;
  return account.supportedModels.includes(model.id) ? null : notOfferedReason(provider.label);
}
