// ANY /api/sandbox/apidot/* - the built-in APIDot sandbox (only when APIDOT_API_KEY is unset)
import { inAppApidotSandbox } from "@/lib/server/sandbox/in-app";

export const dynamic = "force-dynamic";

async function handler(request: Request): Promise<Response> {
  const sandbox = inAppApidotSandbox();
  if (!sandbox)
    return Response.json(
      { code: 404, error: { message: "The sandbox is off: a real APIDot key is configured.", type: "not_found" } },
      { status: 404 },
    );
  return sandbox.app.fetch(request);
}

export { handler as GET, handler as POST, handler as PUT };
