// GET /api/health/live - the process answers: no database call, so a slow database never restarts a healthy instance
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";

export const GET = handle(async () => json({ status: "ok" }, { headers: { "cache-control": "no-store" } }));
