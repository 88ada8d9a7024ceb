import "server-only";
import { CATALOG } from "@/lib/shared/catalog";
import { createApidotSandbox } from "../../sandbox/apidot/app";
import { SANDBOX_FAIL_MARKER } from "../../sandbox/aivideomaker/contract";
import { parseApidotFaults } from "../../sandbox/apidot/faults";
import { readSandboxMedia } from "../../sandbox/local-media";
import { defineProvider } from "../descriptor";
import { createApidotProvider } from "./adapter";
import { apidotSettings } from "./settings";
import { apidotWebhook } from "./webhook";

// APIDot (api.apidot.ai, docs/provider-contracts.md §3): submit and status, a per-task callback_url,
// images by link only; no cancel, list, quote or idempotency key.
export const apidot = defineProvider({
  id: "apidot",
  label: "APIDot",
  capabilities: { cancel: false, listTasks: false, idempotentCreate: false, quote: false, callbacks: true, imageLinksOnly: true },
  // The dashboard the docs link for keys; unconfirmed for billing.
  billingUrl: "https://apidot.ai/dashboard",
  settings: apidotSettings,
  createClient: ({ identity, sandbox, baseUrl, apiKey, gate, settings }) =>
    createApidotProvider({ identity, sandbox, baseUrl, apiKey, gate, timeoutMs: settings.timeoutMs }),
  webhook: apidotWebhook,
  sandbox: {
    apiPrefix: "",
    failMarker: SANDBOX_FAIL_MARKER,
    readMedia: readSandboxMedia,
    create: (host) =>
      createApidotSandbox({
        apiKey: host.apiKey,
        taskSeconds: host.taskSeconds,
        initialCredits: host.initialCredits,
        basePath: host.basePath,
        mediaDir: host.mediaDir,
        faults: parseApidotFaults(host.faults),
      }),
  },
  models: CATALOG.filter((model) => model.provider === "apidot"),
});
