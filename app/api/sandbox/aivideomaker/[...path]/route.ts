// ANY /api/sandbox/aivideomaker/* - the built-in AIVideoMaker sandbox (only when AIVIDEO_API_KEY is unset)
import { inAppAivideomakerSandbox } from "@/lib/server/sandbox/in-app";

export const dynamic = "force-dynamic";

async function handler(request: Request): Promise<Response> {
  const sandbox = inAppAivideomakerSandbox();
  if (!sandbox)
    return Response.json(
      { error: { code: "NOT_FOUND", message: "The sandbox is off: a real AIVideoMaker key is configured." } },
      { status: 404 },
    );
  return sandbox.app.fetch(request);
}

export { handler as GET, handler as POST, handler as PUT, handler as DELETE, handler as PATCH };
