import "server-only";
import type { Hono } from "hono";
import { endpoint, type SkillsVideoContext } from "../endpoint";
import * as store from "../store";
import { fail, generationView } from "../wire";

// GET /generation/{id} (data null until it completes) and GET /credits (the balance).

export function mountReadRoutes(app: Hono, context: SkillsVideoContext): void {
  const { host, keyHash } = context;

  app.get(
    "/api/v1/generation/:id",
    endpoint(context, "generation", async (c, db) => {
      const generation = await store.findGeneration(db, keyHash, c.req.param("id")!);
      return generation ? c.json(generationView(generation, host.basePath)) : fail(c, 404, "NOT_FOUND", "Generation not found.");
    }),
  );

  app.get(
    "/api/v1/credits",
    endpoint(context, "credits", async (c, db) => c.json({ credits: await store.balanceOf(db, keyHash, host.initialCredits) })),
  );
}
