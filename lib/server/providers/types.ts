import type { ProviderId } from "@/lib/shared/models/catalog";
import type { TaskState } from "@/lib/shared/tasks";
import type { ProviderResult } from "./result";

// The one interface every provider folder implements. Nothing outside a provider's folder sees its
// vendor JSON: inputs go in as Cutroom's model input, results come out in these shapes.

export type ResolvedImage = { mime: string; bytes: Buffer; url?: undefined } | { url: string; mime?: undefined; bytes?: undefined };

export type SubmissionRequest = {
  model: string;
  input: Record<string, unknown>;
  /** Image fields resolved to their content, keyed by field name. */
  images: Record<string, ResolvedImage>;
};

export type ProviderTaskSnapshot = {
  providerTaskId: string;
  /** Cutroom's state for the vendor's status, or null for a status we do not know (still in flight). */
  state: TaskState | null;
  providerStatus: string;
  outputUrl: string | null;
  outputKind: "video" | "image" | null;
  errorMessage: string | null;
  creditsCharged: number | null;
  creditsRefunded: number | null;
  idempotencyKey: string | null;
};

export type Quote = { credits: number; balance: number | null; affordable: boolean | null };
export type Submitted = { providerTaskId: string; creditsCharged: number | null; replay: boolean };
export type AccountInfo = { balance: number | null; supportedModels: string[] | null };

export interface VideoProvider {
  readonly id: ProviderId;
  readonly label: string;
  /** True when this provider is Cutroom's built-in sandbox rather than the vendor's API. */
  readonly sandbox: boolean;
  quote(request: SubmissionRequest): Promise<ProviderResult<Quote>>;
  submit(request: SubmissionRequest, options: { idempotencyKey: string; webhookUrl?: string }): Promise<ProviderResult<Submitted>>;
  fetchTask(providerTaskId: string): Promise<ProviderResult<ProviderTaskSnapshot>>;
  /** Every recent task of this key in one call, for the reconciler. */
  listTasks(): Promise<ProviderResult<ProviderTaskSnapshot[]>>;
  cancel(providerTaskId: string): Promise<ProviderResult<{ creditsRefunded: number | null }>>;
  account(): Promise<ProviderResult<AccountInfo>>;
  /** Cutroom's state for one of this provider's status words (from a webhook); null when unknown. */
  mapStatus(status: string): TaskState | null;
}
