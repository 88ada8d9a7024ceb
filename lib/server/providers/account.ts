import "server-only";
import type { CatalogModel } from "@/lib/shared/catalog";
import { getProvider } from "./registry";
import type { AccountInfo, VideoProvider } from "./types";

// A provider's account read (AIVideoMaker's "doctor" endpoint): its balance and the models it
// offers this key. The admin overview shows it, and the models a provider's account does not list
// are offered as unavailable and refused at create. It is read at most once a minute per instance
// and provider client (identical reads arriving together share one call): the answer is a view,
// never a decision another instance needs.

export const ACCOUNT_TTL_MS = 60_000;

export type AccountView = AccountInfo | { error: string };

type Entry = { at: number; value: Promise<AccountView> };
const globalForAccounts = globalThis as unknown as { cutroomAccounts?: WeakMap<VideoProvider, Entry> };

/** The provider's account, or why it could not be read. */
export async function accountOf(provider: VideoProvider): Promise<AccountView> {
  const cache = (globalForAccounts.cutroomAccounts ??= new WeakMap());
  const hit = cache.get(provider);
  if (hit && Date.now() - hit.at < ACCOUNT_TTL_MS) return hit.value;
  const value = provider.account().then(
    (result): AccountView => (result.ok ? result.data : { error: result.errorMessage }),
    (error: unknown): AccountView => ({ error: error instanceof Error ? error.message : "The account could not be read." }),
  );
  cache.set(provider, { at: Date.now(), value });
  return value;
}

/** Forgets a provider's account (tests, after changing what the account offers). */
export function forgetAccount(provider: VideoProvider): void {
  globalForAccounts.cutroomAccounts?.delete(provider);
}

export const notOfferedReason = (providerLabel: string) => `Your ${providerLabel} account does not offer this model.`;

/**
 * Why the provider's account does not let this model be used, or null. Only a list the account
 * actually gave restricts anything: when the account cannot be read (down, busy, another shape),
 * or lists no models at all, nothing is blocked, and the provider's own answer to a create decides.
 */
export async function modelNotOffered(model: Pick<CatalogModel, "provider" | "id">): Promise<string | null> {
  const provider = getProvider(model.provider);
  const account = await accountOf(provider);
  if ("error" in account || !account.supportedModels?.length) return null;
  return account.supportedModels.includes(model.id) ? null : notOfferedReason(provider.label);
}
