import "server-only";
import { CATALOG } from "@/lib/shared/catalog";
import { createApidotSandbox } from "../../sandbox/apidot";
import { SANDBOX_FAIL_MARKER } from "../../sandbox/markers";
import { SANDBOX_MEDIA_DIR, readSandboxMedia } from "../../sandbox/local-media";
import { defineProvider } from "../descriptor";
import { createApidotProvider } from "./adapter";
import { apidotSettings } from "./settings";
import { apidotWebhook } from "./webhook";

// APIDot (api.apidot.ai, docs/provider-contracts.md §3): submit and status, a per-task callback_url,
// images by link only; no cancel, list, quote or idempotency key.
//
// createResends 0: APIDot documents no idempotency key and no task list (§3), and asks that submit
// retries be kept apart so that "a retry does not create a duplicate task". A submit answered 5xx
// or not at all may have made a paid task that a resend would make again, and Cutroom could not
// find it: it is never sent again. (The client's own retries, within one minute, cover only
// submits that surely never left or were answered 429/503.)
export const apidot = defineProvider({
  id: "apidot",
  label: "APIDot",
  capabilities: {
    cancel: false,
    listTasks: false,
    idempotentCreate: false,
    createResends: 0,
    quote: false,
    callbacks: true,
    imageLinksOnly: true,
  },
  // The dashboard the docs link for keys; unconfirmed for billing.
  billingUrl: "https://apidot.ai/dashboard",
  settings: apidotSettings,
  createClient: ({ identity, sandbox, baseUrl, apiKey, gate, settings }) =>
    createApidotProvider({ identity, sandbox, baseUrl, apiKey, gate, timeoutMs: settings.timeoutMs }),
  webhook: apidotWebhook,
  sandbox: {
    apiPrefix: "",
    failMarker: SANDBOX_FAIL_MARKER,
    readMedia: (url, basePath) => readSandboxMedia(url, { basePaths: [basePath], mediaDir: SANDBOX_MEDIA_DIR }),
    create: ({ webhook: _signedOnly, ...host }) => createApidotSandbox(host),
  },
  models: CATALOG.filter((model) => model.provider === "apidot"),
});
