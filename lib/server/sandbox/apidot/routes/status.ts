import "server-only";
import type { Hono } from "hono";
import { endpoint, type ApidotContext } from "../endpoint";
import * as store from "../store";
import { dataOf, fail } from "../wire";

// GET /api/generate/status/{task_id}: not_started, running or processing (the runningStatus knob;
// with progress in the "files" shape),
// finished with its files, or failed with its error_message.

export function mountStatusRoute(app: Hono, context: ApidotContext): void {
  app.get(
    "/api/generate/status/:taskId",
    endpoint(context, "status", async (c, db) => {
      const task = await store.findTask(db, context.keyHash, c.req.param("taskId")!);
      if (!task) return fail(c, 404, "not_found", "Task not found");
      const running = context.faults.current.runningStatus ?? "running";
      return c.json({ code: 200, data: dataOf(task, task.status, context.host.basePath, running) }, 200);
    }),
  );
}
