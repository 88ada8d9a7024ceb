import "server-only";
import type { Hono } from "hono";
import { priceOf } from "../contract";
import { endpoint, type AivideomakerContext } from "../endpoint";
import { supportedModels, validatedRequest } from "../request";
import * as store from "../store";

// GET /api/v1/account and POST /api/v1/quote/{model}: the balance, and what a request would cost.

export function mountAccountRoutes(app: Hono, context: AivideomakerContext): void {
  const { host, keyHash, faults } = context;

  app.get(
    "/api/v1/account",
    endpoint(context, "account", async (c, db) =>
      c.json({
        supportedModels: supportedModels(faults),
        currentBalance: await store.balanceOf(db, keyHash, host.initialCredits),
        dailyCreditLimit: -1,
        generationRequestsPerMinute: -1,
        creditWarningAt: -1,
        sandbox: true,
      }),
    ),
  );

  app.post(
    "/api/v1/quote/:model",
    endpoint(context, "quote", async (c, db) => {
      const request = await validatedRequest(c, faults);
      if (request instanceof Response) return request;
      const credits = priceOf(request.model, request.body);
      const balance = await store.balanceOf(db, keyHash, host.initialCredits);
      return c.json({
        model: request.model,
        credits,
        listPriceUsd: credits / 100,
        usdPerCredit: 0.01,
        currentBalance: balance,
        affordable: balance >= credits,
        billable: false,
      });
    }),
  );
}
