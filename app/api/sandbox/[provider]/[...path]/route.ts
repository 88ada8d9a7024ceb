// ANY /api/sandbox/:provider/* - a provider's built-in sandbox (only while that provider has no API key)
import { hostedSandbox } from "@/lib/server/providers/sandbox-host";
import { findDescriptor } from "@/lib/server/providers/registry";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ provider: string; path: string[] }> };

async function handler(request: Request, context: Context): Promise<Response> {
  const { provider } = await context.params;
  const descriptor = findDescriptor(provider);
  const sandbox = descriptor ? hostedSandbox(descriptor.id) : null;
  if (!descriptor || !sandbox) {
    const message = descriptor ? `The sandbox is off: a real ${descriptor.label} key is configured.` : "There is no sandbox of that name.";
    return Response.json({ error: { code: "NOT_FOUND", message } }, { status: 404 });
  }
  return sandbox.app.fetch(request);
}

export { handler as GET, handler as POST, handler as PUT, handler as DELETE, handler as PATCH };
