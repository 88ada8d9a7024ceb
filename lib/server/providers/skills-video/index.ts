import "server-only";
import { CATALOG } from "@/lib/shared/catalog";
import { SANDBOX_FAIL_MARKER } from "../../sandbox/markers";
import { createSkillsVideoSandbox } from "../../sandbox/skills-video";
import { SANDBOX_MEDIA_DIR, readSandboxMedia } from "../../sandbox/local-media";
import { defineProvider } from "../descriptor";
import { createSkillsVideoProvider } from "./adapter";
import { readOpenApi } from "./openapi-import";
import { skillsVideoSettings } from "./settings";
import { skillsVideoWebhook } from "./webhook";

// skills.video Open Platform (open.skills.video, docs/provider-contracts.md §2): SSE creates, GET
// polling, signed webhooks to one dashboard endpoint; no cancel, list, quote or idempotency key.
//
// createResends 0: the client sends an Idempotency-Key in case it is honoured, but skills.video
// documents none and has no task list (§2), and its 502/504 mean an upstream generation failed or
// timed out (§2.7), after the task may have been made and charged. A create answered 5xx or not at
// all is never sent again. (The client's own retries, within one minute, cover only creates that
// surely never left or were answered 429/503 PROVIDER_UNAVAILABLE.)
export const skillsVideo = defineProvider({
  id: "skills-video",
  label: "skills.video",
  capabilities: { cancel: false, listTasks: false, idempotentCreate: false, createResends: 0, quote: false },
  billingUrl: "https://skills.video/dashboard",
  settings: skillsVideoSettings,
  createClient: ({ identity, sandbox, baseUrl, apiKey, gate, settings }) =>
    createSkillsVideoProvider({ identity, sandbox, baseUrl, apiKey, gate, timeoutMs: settings.timeoutMs }),
  webhook: skillsVideoWebhook,
  sandbox: {
    // The sandbox serves the API under the same /api/v1 path as the real host.
    apiPrefix: "/api/v1",
    failMarker: SANDBOX_FAIL_MARKER,
    readMedia: (url, basePath) => readSandboxMedia(url, { basePaths: [basePath], mediaDir: SANDBOX_MEDIA_DIR }),
    create: ({ webhook, ...host }) => createSkillsVideoSandbox({ ...host, webhook: { url: webhook.url, secret: webhook.secret ?? "" } }),
  },
  models: CATALOG.filter((model) => model.provider === "skills-video"),
  modelImport: { read: readOpenApi },
});
