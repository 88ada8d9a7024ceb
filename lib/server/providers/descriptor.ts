import "server-only";
import type { Hono } from "hono";
import type { Db } from "../db";
import type { CatalogModel, ProviderId } from "@/lib/shared/catalog";
import type { ModelImport } from "../models/model-import";
import type { CallGate } from "./gate";
import type { ProviderCapabilities, VideoProvider } from "./types";

// Everything Cutroom knows about one provider, in one value exported by the provider's folder
// (lib/server/providers/<id>/index.ts). The registry is the list of these; ids, the catalog, health,
// the admin overview, webhook routing, background work, boot logging and the sandbox routes all
// derive from it, so adding a provider is a folder and a line (docs/ADDING-A-PROVIDER.md).

/** What every provider reads from its own environment variables (through the env module). */
export type ProviderSettings = {
  /** The vendor's API key. Unset: the built-in sandbox answers in its place. */
  apiKey: string | undefined;
  /** The vendor's API base (used only with a key). */
  baseUrl: string;
  timeoutMs: number;
  /** Status calls a minute, shared by every instance. */
  queryBudgetPerMinute: number;
  /** Fault knobs for this provider's sandbox, as JSON. */
  sandboxFaults: string | undefined;
};

/** How the registry hands a provider its connection: the vendor's API or the sandbox, same code. */
export type ClientSetup<S extends ProviderSettings> = {
  /** Who the provider is, from its descriptor: the client answers with the same. */
  identity: ProviderIdentity;
  sandbox: boolean;
  baseUrl: string;
  apiKey: string;
  gate: CallGate;
  settings: S;
};

export type ProviderIdentity = { id: ProviderId; label: string; capabilities: ProviderCapabilities };

/**
 * What a provider's callback says: which of its tasks, and its status word. `idempotencyKey`: the
 * key Cutroom sent with the create, when the body carries it back; the one safe way to tie a
 * delivery about a task Cutroom never learnt the id of to the task that made it.
 */
export type CallbackHint = { providerTaskId: string | null; status: string | null; idempotencyKey?: string | null };

/** Providers that are given a per-task callback URL carrying an HMAC token (unsigned bodies). */
export type TokenWebhook = {
  kind: "token";
  /** The task and status named by a callback body, read defensively; null when it names neither. */
  parse(body: unknown): CallbackHint | null;
};

/** Providers that sign every delivery to one endpoint (set in their dashboard). */
export type SignedWebhook = {
  kind: "signed";
  /**
   * The signing secrets in use (several during a rotation); none means deliveries are refused. The
   * built-in sandbox signs with a secret of its own, derived from its key.
   */
  secrets(mode: { sandbox: boolean; sandboxApiKey: () => string }): string[];
  /** Checks a delivery's signature on its raw body; the message id is what duplicates share. */
  verify(payload: string, headers: Headers, secrets: string[]): { ok: true; messageId: string } | { ok: false; reason: string };
  /** The provider task and status the body names, or null. */
  parse(body: unknown): CallbackHint | null;
};

/** What Cutroom gives a sandbox it hosts, whatever the provider. */
export type SandboxHost = {
  db: () => Promise<Db>;
  apiKey: string;
  taskSeconds: number;
  initialCredits: number;
  /** Where the sandbox is mounted in this app (/api/sandbox/<id>). */
  basePath: string;
  /** The sample media the sandbox serves. */
  mediaDir: string;
  /** Where it keeps the clips it makes from them (of each requested shape and length); else a temp folder. */
  cacheDir?: string;
  faults: string | undefined;
  /** Where a provider with one dashboard webhook endpoint sends it, and the secret it signs with. */
  webhook: { url: string; secret: string | undefined };
};

/**
 * What a sandbox's media URL answers when read from its files: the bytes, "missing" (it answers 404,
 * as a provider does once it has dropped a file), or null when the URL is not one of its files.
 */
export type SandboxMediaRead = Buffer | "missing" | null;

export type HostedSandbox = {
  app: Hono;
  tick: () => Promise<unknown>;
  /** One of its media URLs as it would answer it, under its live fault knobs (never fetched over HTTP). */
  readMedia(outputUrl: string): Promise<SandboxMediaRead>;
};

export type SandboxSpec = {
  /** The path under the sandbox's mount where the vendor's API paths start ("/api/v1" for skills.video). */
  apiPrefix: string;
  create(host: SandboxHost): HostedSandbox;
  /**
   * The bytes behind one of the sandbox's own media URLs (never fetched over HTTP), or null, with no
   * sandbox running: for a sandbox task read after the provider was given a key.
   */
  readMedia(outputUrl: string, basePath: string): Promise<SandboxMediaRead>;
  /** Prompt markers the sandbox understands (`[sandbox:fail]`...), for advice shown to people. */
  failMarker: string;
};

export type ProviderDescriptor<S extends ProviderSettings = ProviderSettings> = {
  id: ProviderId;
  label: string;
  capabilities: ProviderCapabilities;
  /** Where an admin recharges the account, when the provider documents it. */
  billingUrl?: string;
  /** What one of its credits is worth in US dollars, where the provider publishes it. */
  creditValueUsd?: number;
  /** This provider's variables, validated through the env module (a bad one stops start-up). */
  settings(): S;
  createClient(setup: ClientSetup<S>): VideoProvider;
  webhook: TokenWebhook | SignedWebhook;
  sandbox: SandboxSpec;
  /** Its models, from the shared catalog. */
  models: readonly CatalogModel[];
  /** When its models can be added from its published API description (an admin's upload). */
  modelImport?: ModelImport;
};

/** Keeps a descriptor's own settings type while the registry lists them all as one type. */
export function defineProvider<S extends ProviderSettings>(descriptor: ProviderDescriptor<S>): ProviderDescriptor {
  return descriptor as unknown as ProviderDescriptor;
}
