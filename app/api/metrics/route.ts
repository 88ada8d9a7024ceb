// GET /api/metrics - Prometheus text format, for a scraper with the metrics token
import { db } from "@/lib/server/db";
import { handle } from "@/lib/server/http/respond";
import { requireMetricsToken } from "@/lib/server/metrics/access";
import { scrapeMetrics } from "@/lib/server/metrics/scrape";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  requireMetricsToken(request);
  const { contentType, body } = await scrapeMetrics(await db());
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
