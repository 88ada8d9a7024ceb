import "server-only";
import { flatOrWrappedHint } from "../callback-body";
import type { TokenWebhook } from "../descriptor";

// AIVideoMaker POSTs the task to the `webhookUrl` header's address on each status change; the body
// is not documented beyond that (docs/provider-contracts.md §1.8), so both shapes are read.
export const aivideomakerWebhook: TokenWebhook = {
  kind: "token",
  parse: (body) => flatOrWrappedHint(body, ["task_id", "taskId", "id"]),
};
