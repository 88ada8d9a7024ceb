import "server-only";
import type { Hono } from "hono";
import type { SandboxDb } from "./db";
import type { MediaRead } from "./media";

// The one shape every provider's sandbox has: the same options in (what the host hands over) and
// the same thing out (a Hono app to mount and a clock to run). lib/server/sandbox/<provider>/index.ts
// exports a SandboxFactory; the host is either the provider's descriptor (mounted inside Cutroom)
// or startStandaloneSandbox (its own port, for tests and `npm run sandbox`).

export type SandboxHost = {
  /** The database the sandbox keeps its state in, migrated by the host; resolved on first use. */
  db: () => Promise<SandboxDb>;
  /** The one key the sandbox accepts (in the vendor's header); its account is kept by this key. */
  apiKey: string;
  /** How long a task takes from submission to result. */
  taskSeconds: number;
  /** Starting credit balance of a new account. */
  initialCredits: number;
  /** Path prefix the app is mounted under ("" when standalone). */
  basePath: string;
  /** Where the sample clips are (landscape|portrait|square .mp4). */
  mediaDir: string;
  /** Where clips of the requested lengths are kept once made (default: a folder in the system's temp dir). */
  cacheDir?: string;
  /** Fault knobs at start, as JSON (the provider's SANDBOX_*_FAULTS variable); parsed and checked here. */
  faults?: string;
  /** skills.video: where signed webhooks go (the dashboard endpoint) and that endpoint's secret. */
  webhook?: { url: string; secret: string };
  /** How long a webhook or callback delivery may take (default 5 s). */
  webhookTimeoutMs?: number;
  /** AIVideoMaker: the per-IP budget of task queries (default 60 a minute). */
  queryLimit?: { limit: number; windowMs: number };
};

export type SandboxCall<Endpoint extends string = string> = { at: number; endpoint: Endpoint; status: number };

/** The live fault knobs: what the control plane's GET and PUT /_sandbox/faults read and write. */
export type FaultKnobs<Faults> = {
  readonly current: Faults;
  set(next: Faults): void;
};

export type Sandbox<Faults = unknown, Endpoint extends string = string> = {
  /** The vendor's API, the sample media and the control plane (/_sandbox/*). */
  app: Hono;
  /** Moves tasks whose time has come and sends the deliveries that are due; run every second or so. */
  tick(): Promise<void>;
  faults: FaultKnobs<Faults>;
  /** The last vendor-API calls (bounded, in memory: it models one provider server), for tests. */
  calls: readonly SandboxCall<Endpoint>[];
  /** The account's credit balance. */
  balance(): Promise<number>;
  /**
   * What one of its media URLs answers, read from its files rather than over HTTP (the host's own
   * loopback), under the live output fault knob: the bytes, "missing" (a 404), or null when the
   * URL is not one of its media files.
   */
  readMedia(outputUrl: string): Promise<MediaRead>;
};

export type SandboxFactory<S extends Sandbox = Sandbox> = (host: SandboxHost) => S;
