import "server-only";
import type { Hono } from "hono";
import { endpoint, type AivideomakerContext } from "../endpoint";
import * as store from "../store";
import { fail, taskView } from "../wire";

// The task queries (list, one task, its status: the per-IP budgeted ones) and PUT-only cancel.

export function mountTaskRoutes(app: Hono, context: AivideomakerContext): void {
  const { host, keyHash, faults } = context;
  const view = (task: store.SandboxTask) => taskView(task, host.basePath);

  app.get(
    "/api/v1/tasks",
    endpoint(context, "list", async (c, db) => {
      const stored = await store.listTasks(db, keyHash);
      const views = faults.current.listStaysSubmitted ? stored.map((task) => taskView(task, host.basePath, "SUBMITTED")) : stored.map(view);
      const tasks = views.map(({ idempotencyKey, ...task }) => ({
        ...task,
        ...(faults.current.listOmitsIdempotencyKey ? {} : { idempotencyKey }),
      }));
      return c.json({ tasks: faults.current.listOmitsOutput ? tasks.map((task) => ({ ...task, output: null })) : tasks });
    }),
  );

  app.get(
    "/api/v1/tasks/:id",
    endpoint(context, "task", async (c, db) => {
      const task = await store.findTask(db, keyHash, c.req.param("id")!);
      return task ? c.json(view(task)) : fail(c, 404, "TASK_NOT_FOUND", "Task not found");
    }),
  );

  app.get(
    "/api/v1/tasks/:id/status",
    endpoint(context, "status", async (c, db) => {
      const task = await store.findTask(db, keyHash, c.req.param("id")!);
      return task ? c.json({ status: task.status }) : fail(c, 404, "TASK_NOT_FOUND", "Task not found");
    }),
  );

  app.put(
    "/api/v1/tasks/:id/cancel",
    endpoint(context, "cancel", async (c, db) => {
      const id = c.req.param("id")!;
      const canceled = await store.cancelTask(db, keyHash, id, context.plan);
      if (canceled) return c.json({ status: "CANCEL", taskId: canceled.id, creditsRefunded: canceled.creditsRefunded });
      const task = await store.findTask(db, keyHash, id);
      if (!task) return fail(c, 404, "TASK_NOT_FOUND", "Task not found");
      if (faults.current.cancelAnswersWithStatus) return c.json({ status: task.status, taskId: task.id, creditsRefunded: 0 });
      return fail(c, 400, null, `Only SUBMITTED tasks can be cancelled; this task is ${task.status}.`, { taskStatus: task.status });
    }),
  );
  app.all("/api/v1/tasks/:id/cancel", (c) => {
    c.header("Allow", "PUT");
    return fail(c, 405, null, "Method Not Allowed");
  });
}
