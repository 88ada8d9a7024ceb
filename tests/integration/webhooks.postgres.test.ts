import { defineWebhookSuite } from "./webhooks.suite";

defineWebhookSuite("postgres");
