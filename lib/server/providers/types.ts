import "server-only";
import type { ProviderId } from "@/lib/shared/catalog";
import type { TaskState } from "@/lib/shared/tasks";
import type { ProviderResult } from "./result";

// The one interface every provider folder implements. Nothing outside a provider's folder sees its
// vendor JSON: inputs go in as Cutroom's model input, results come out in these shapes.

export type ResolvedImage = { mime: string; bytes: Buffer; url?: undefined } | { url: string; mime?: undefined; bytes?: undefined };

export type SubmissionRequest = {
  model: string;
  input: Record<string, unknown>;
  /** Image fields resolved to their content, keyed by field name (a list for multi-image fields). */
  images: Record<string, ResolvedImage | ResolvedImage[]>;
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
  /** How far along the provider says it is, 0 to 100, when it says (APIDot). */
  progress?: number | null;
};

/** `credits` is null for providers that only tell the cost once the task runs (skills.video). */
export type Quote = { credits: number | null; balance: number | null; affordable: boolean | null };
export type Submitted = {
  providerTaskId: string;
  creditsCharged: number | null;
  replay: boolean;
  /** The price the provider quoted just before this create, when it was asked (the cap sent with it). */
  creditsQuoted?: number | null;
  /** The provider's first word on the task, when the create answer already carries its state. */
  initial?: ProviderTaskSnapshot;
  /** Later updates pushed by the provider (an SSE stream); ends at a terminal state or when it drops. */
  updates?: AsyncIterable<ProviderTaskSnapshot>;
};

export type SubmitOptions = {
  idempotencyKey: string;
  webhookUrl?: string;
  /**
   * The most Cutroom will pay for this task, in credits (a member's remaining budget, say). A
   * provider that takes a spending cap sends the lower of this and its own quote; one that cannot
   * cap a create ignores it.
   */
  maxCredits?: number;
  /**
   * The provider's price for this very request, asked moments ago (the hold's quote, shared with the
   * form's price check): a provider that quotes before each create uses it instead of asking again.
   */
  knownQuote?: number;
};

export type ProviderCapabilities = {
  /** Cancels queued tasks at the provider. */
  cancel: boolean;
  /** Lists every recent task in one call (else the reconciler asks task by task). */
  listTasks: boolean;
  /** Honours an Idempotency-Key on create, so a create with a lost answer can be sent again safely. */
  idempotentCreate: boolean;
  /**
   * How many times Cutroom sends a create again after an answer that leaves it unsure whether the
   * task was made (a 5xx, a lost or unreadable answer), with the same Idempotency-Key and minutes
   * apart (lib/server/tasks/submit-policy.ts), before the task ends SUBMIT_UNCONFIRMED. Zero where
   * a resend could make and charge a second task: a provider that does not document an idempotency
   * key. Each provider's descriptor says why it chose its number.
   */
  createResends: number;
  /** Gives the price before creating. */
  quote: boolean;
  /** Calls back a URL given with each task when it ends (else the reconciler polls every cycle). */
  callbacks?: boolean;
  /** Takes images as links only (APIDot): uploads are sent as signed, expiring links to Cutroom. */
  imageLinksOnly?: boolean;
  /** Its account() reports the models this key may use (supportedModels): only those are offered. */
  modelsFromAccount?: boolean;
};
export type AccountInfo = { balance: number | null; supportedModels: string[] | null };

export interface VideoProvider {
  readonly id: ProviderId;
  readonly label: string;
  /** True when this provider is Cutroom's built-in sandbox rather than the vendor's API. */
  readonly sandbox: boolean;
  readonly capabilities: ProviderCapabilities;
  /**
   * The longest one submit() can take with its own retries. A pending task whose last attempt is
   * older than this has no attempt in flight, so the reconciler may act on it.
   */
  readonly submitWindowMs: number;
  quote(request: SubmissionRequest): Promise<ProviderResult<Quote>>;
  submit(request: SubmissionRequest, options: SubmitOptions): Promise<ProviderResult<Submitted>>;
  fetchTask(providerTaskId: string): Promise<ProviderResult<ProviderTaskSnapshot>>;
  /** Every recent task of this key in one call, for the reconciler (when capabilities.listTasks). */
  listTasks?(): Promise<ProviderResult<ProviderTaskSnapshot[]>>;
  /** When capabilities.cancel. */
  cancel?(providerTaskId: string): Promise<ProviderResult<{ creditsRefunded: number | null }>>;
  account(): Promise<ProviderResult<AccountInfo>>;
  /** Whether it is given this callback URL (APIDot takes https only); absent: any URL. */
  callbackAccepted?(url: string): boolean;
  /** Cutroom's state for one of this provider's status words (from a webhook); null when unknown. */
  mapStatus(status: string): TaskState | null;
}
