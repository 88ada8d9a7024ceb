import type { CatalogModel } from "./catalog";

/** A model as the generate form offers it: provider label, sandbox or not, and its price range. */
export type ModelOption = CatalogModel & { sandbox: boolean; providerLabel: string; price: { min: number; max: number } | null };

export const modelKey = (model: { provider: string; id: string }) => `${model.provider}/${model.id}`;
