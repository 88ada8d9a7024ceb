import "server-only";
import { timingSafeEqual, createHash } from "node:crypto";
import { env } from "../env";
import { AppError } from "../errors";

// GET /api/metrics answers only a scraper holding METRICS_TOKEN (Authorization: Bearer ...): the
// numbers say how much the team spends and how the providers behave, which is not for anyone who
// can reach the port. Without a token set, the endpoint is off (404), never open.

const digest = (value: string) => createHash("sha256").update(value).digest();

export function requireMetricsToken(request: Request): void {
  const token = env().METRICS_TOKEN;
  if (!token) throw new AppError("NOT_FOUND", "Metrics are off: set METRICS_TOKEN to turn them on.");
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  // Hashes of equal length, so the comparison takes the same time whatever was sent.
  if (!match || !timingSafeEqual(digest(match[1]!), digest(token))) {
    throw new AppError("UNAUTHENTICATED", "Metrics need the metrics token: send Authorization: Bearer <METRICS_TOKEN>.");
  }
}
