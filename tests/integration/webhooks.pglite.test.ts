import { defineWebhookSuite } from "./webhooks.suite";

defineWebhookSuite("pglite");
