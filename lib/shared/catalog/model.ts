import type { FieldRule, FieldSpec } from "./fields";
import type { ModelKind, ProviderId } from "./ids";
import type { JsonSchema } from "./json-schema";

// The shape of one model in the catalog, in a module of its own so the per-provider model lists
// and the catalog that joins them do not import each other.

export type CatalogModel = {
  provider: ProviderId;
  id: string;
  label: string;
  kind: ModelKind;
  summary: string;
  fields: readonly FieldSpec[];
  /** Rules across fields (never mix frames with references...), checked with the fields. */
  rules?: readonly FieldRule[];
  typicalSeconds: number;
  /** Why the model cannot be used (no schema we can trust); absent when it can. */
  unavailable?: string;
  /** The provider's request schema, for providers whose forms are built from one. */
  requestSchema?: JsonSchema;
  /** Set when the model came from an admin's import of the provider's openapi.json. */
  importedAt?: string;
};
