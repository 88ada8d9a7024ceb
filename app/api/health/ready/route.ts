// GET /api/health/ready - 200 once the database answers and every migration of this build has run, else 503
import { handle, json } from "@/lib/server/http/respond";
import { readiness } from "@/lib/server/health/readiness";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const state = await readiness();
  return json(state, { status: state.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});
