import "server-only";
import { randomUUID } from "node:crypto";
import { $ZodError } from "zod/v4/core";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { assertSameOrigin } from "./origin";
import { HSTS_HEADER, strictTransportSecurity } from "./transport-security";
import { fieldErrorsFromZod } from "@/lib/shared/validation";

export type ErrorBody = {
  error: { code: string; message: string; fields?: Record<string, string>; details?: Record<string, unknown>; requestId: string };
};

/** Maps anything thrown by a handler to a response: AppError to its status, zod to 422, the rest to 500. */
export function errorResponse(error: unknown, requestId: string, context: { method: string; path: string }): Response {
  if (error instanceof $ZodError) {
    error = new AppError("VALIDATION_FAILED", "Some fields need attention.", { fields: fieldErrorsFromZod(error) });
  }
  if (error instanceof AppError) {
    const body: ErrorBody = {
      error: { code: error.code, message: error.message, fields: error.fields, details: error.details, requestId },
    };
    const headers = new Headers({ "cache-control": "no-store" });
    if (error.retryAfterSeconds !== undefined) headers.set("retry-after", String(Math.ceil(error.retryAfterSeconds)));
    if (error.status >= 500) logger().error({ requestId, ...context, code: error.code, err: error }, "request failed");
    return Response.json(body, { status: error.status, headers });
  }
  logger().error({ requestId, ...context, err: error }, "unhandled error in route handler");
  const body: ErrorBody = {
    error: {
      code: "INTERNAL",
      message: "Something went wrong on our side. Try again, and tell an admin if it keeps happening.",
      requestId,
    },
  };
  return Response.json(body, { status: 500, headers: { "cache-control": "no-store" } });
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Headers every API answer carries: no caching unless the handler chose, HSTS over https, the route's own. */
function withApiHeaders(response: Response, routeHeaders: Readonly<Record<string, string>> = {}): Response {
  const wanted: [string, string][] = Object.entries(routeHeaders);
  if (!response.headers.has("cache-control")) wanted.push(["cache-control", "no-store"]);
  const hsts = strictTransportSecurity(env().APP_PUBLIC_URL);
  if (hsts && !response.headers.has(HSTS_HEADER)) wanted.push([HSTS_HEADER, hsts]);
  if (wanted.length === 0) return response;
  try {
    for (const [name, value] of wanted) response.headers.set(name, value);
    return response;
  } catch {
    // A fetched or redirect Response has immutable headers: a copy takes them.
    const copy = new Response(response.body, response);
    for (const [name, value] of wanted) copy.headers.set(name, value);
    return copy;
  }
}

/**
 * Wraps a route handler: one request id, one error mapper, no caching of API answers, HSTS over
 * https, and the same-origin check for state-changing methods (provider webhooks opt out with
 * `crossSite`). `headers` go on every answer, errors included (media routes' sandboxing headers).
 */
export function handle<C = unknown>(
  handler: Handler<C>,
  options: { crossSite?: boolean; headers?: Readonly<Record<string, string>> } = {},
): Handler<C> {
  return async (request, context) => {
    const requestId = randomUUID();
    let response: Response;
    try {
      if (!options.crossSite) assertSameOrigin(request);
      response = await handler(request, context);
    } catch (error) {
      response = errorResponse(error, requestId, { method: request.method, path: new URL(request.url).pathname });
    }
    return withApiHeaders(response, options.headers);
  };
}

export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init);
}
