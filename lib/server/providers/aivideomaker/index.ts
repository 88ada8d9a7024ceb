import "server-only";
import { CATALOG } from "@/lib/shared/catalog";
import { createAivideomakerSandbox } from "../../sandbox/aivideomaker";
import { SANDBOX_FAIL_MARKER } from "../../sandbox/markers";
import { SANDBOX_MEDIA_DIR, readSandboxMedia } from "../../sandbox/local-media";
import { defineProvider } from "../descriptor";
import { createAivideomakerProvider } from "./adapter";
import { aivideomakerSettings } from "./settings";
import { aivideomakerWebhook } from "./webhook";

// AIVideoMaker (aivideomaker.ai API v1, docs/provider-contracts.md §1): idempotent creates, a task
// list, quotes, cancel while queued, a per-task webhookUrl, and an account that lists the models
// the key may use.
//
// createResends 3: the vendor's llms.txt tells callers to create with an Idempotency-Key, and the
// OpenAPI digest says a repeat with the same key and body replays the task without a second charge
// (§1.1). But one third-party contract (avm-adapter) lists no such header, so the replay is not
// certain: a create answered 5xx (or not at all) is sent again only three times, minutes apart,
// and before each resend the task list is searched for an entry carrying the key (U28).
export const aivideomaker = defineProvider({
  id: "aivideomaker",
  label: "AIVideoMaker",
  // "1 credit = USD $0.01" (llms.txt, CONTRACTS.md).
  creditValueUsd: 0.01,
  capabilities: { cancel: true, listTasks: true, idempotentCreate: true, createResends: 3, quote: true, modelsFromAccount: true },
  settings: aivideomakerSettings,
  createClient: ({ identity, sandbox, baseUrl, apiKey, gate, settings }) =>
    createAivideomakerProvider({
      identity,
      sandbox,
      baseUrl,
      apiKey,
      gate,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
    }),
  webhook: aivideomakerWebhook,
  sandbox: {
    apiPrefix: "",
    failMarker: SANDBOX_FAIL_MARKER,
    readMedia: (url, basePath) => readSandboxMedia(url, { basePaths: [basePath], mediaDir: SANDBOX_MEDIA_DIR }),
    create: ({ webhook: _signedOnly, ...host }) => createAivideomakerSandbox(host),
  },
  models: CATALOG.filter((model) => model.provider === "aivideomaker"),
});
