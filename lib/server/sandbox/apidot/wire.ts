import "server-only";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { mediaUrl } from "../media";
import type { ApidotTask } from "./store";

// JSON shapes the APIDot sandbox sends (docs/provider-contracts.md §3): the `{code, error: {message, type}}` errors,
// the status response's `data` in the task's result shape, and the callback bodies.

export type Status = ApidotTask["status"];
/** What a running task's status says on the wire (the runningStatus knob). */
export type RunningWord = "running" | "processing";

const wordOf = (status: Status, running: RunningWord): string => (status === "running" ? running : status);

export const fail = (c: Context, code: ContentfulStatusCode, type: string, message: string) =>
  c.json({ code, error: { message, type } }, code);
export const invalid = (c: Context, message: string) => fail(c, 400, "invalid_request_error", message);

/** The docs' timestamp form: ISO 8601 to the second, without a zone. */
export const timeOf = (at: Date) => at.toISOString().slice(0, 19);

function progressOf(task: ApidotTask, status: Status, now: Date): number {
  if (status === "not_started" || status === "failed") return 0;
  if (status === "finished") return 100;
  const share = (now.getTime() - task.progressAt.getTime()) / Math.max(1, task.finishAt.getTime() - task.progressAt.getTime());
  return Math.min(99, Math.max(1, Math.round(share * 99)));
}

function filesOf(task: ApidotTask, status: Status, basePath: string) {
  if (status !== "finished") return [];
  const base = `${task.origin}${basePath}`;
  const url =
    task.output === "image" || task.seconds === null
      ? `${base}/media/${task.aspect}.${task.output === "image" ? "png" : "mp4"}?task=${encodeURIComponent(task.id)}`
      : mediaUrl(base, task.id, { aspect: task.aspect, output: "video", seconds: task.seconds });
  return [{ file_url: url, file_type: task.output }];
}

/** The status response's `data`, in the task's shape. */
export function dataOf(task: ApidotTask, status: Status, basePath: string, running: RunningWord = "running", now = new Date()) {
  const files = filesOf(task, status, basePath);
  const error_message = status === "failed" ? task.failureMessage : null;
  const word = wordOf(status, running);
  if (task.shape === "output") {
    // `output` is absent before the task starts, null while it runs or after it failed.
    const output = status === "not_started" ? {} : { output: status === "finished" ? { files } : null };
    return { task_id: task.id, status: word, ...output, error_message };
  }
  return {
    task_id: task.id,
    status: word,
    files,
    created_time: timeOf(task.createdAt),
    progress: progressOf(task, status, now),
    error_message,
  };
}

/** The callback body: the status response for "output" tasks, its data flat for "files" ones. */
export function callbackOf(task: ApidotTask, status: Status, basePath: string, running: RunningWord = "running", now = new Date()) {
  if (task.shape === "output") return { code: 200, data: dataOf(task, status, basePath, running, now) };
  return {
    task_id: task.id,
    status: wordOf(status, running),
    files: filesOf(task, status, basePath),
    progress: progressOf(task, status, now),
    error_message: status === "failed" ? task.failureMessage : null,
  };
}
