// ANY /api/sandbox/skills-video/* - the built-in skills.video sandbox (only when SKILLS_VIDEO_API_KEY is unset)
import { inAppSkillsVideoSandbox } from "@/lib/server/sandbox/in-app";

export const dynamic = "force-dynamic";

async function handler(request: Request): Promise<Response> {
  const sandbox = inAppSkillsVideoSandbox();
  if (!sandbox)
    return Response.json({ error: "NOT_FOUND", message: "The sandbox is off: a real skills.video key is configured." }, { status: 404 });
  return sandbox.app.fetch(request);
}

export { handler as GET, handler as POST, handler as PUT };
