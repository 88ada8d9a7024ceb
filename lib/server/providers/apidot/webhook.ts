import "server-only";
import { flatOrWrappedHint } from "../callback-body";
import type { TokenWebhook } from "../descriptor";

// APIDot calls each task's `callback_url` when it ends; the guide shows the task object, wrapped in
// `data` in one example and flat in another (docs/provider-contracts.md §3.7), so both are read.
export const apidotWebhook: TokenWebhook = {
  kind: "token",
  parse: (body) => flatOrWrappedHint(body, ["task_id", "taskId", "id"]),
};
