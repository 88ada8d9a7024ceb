// Runs one provider's sandbox on its own port, backed by an in-memory database:
//   npm run sandbox -- --port 4010 --key sandbox --seconds 15 --credits 5000 [--faults '{"latencyMs":500}']
//   npm run sandbox -- --provider skills-video --webhook-url http://127.0.0.1:3000/api/webhook/skills-video --webhook-secret whsec_...
//   npm run sandbox -- --provider apidot
// Point another Cutroom (or curl) at it with the provider's base URL and key variables
// (AIVIDEO_BASE_URL and AIVIDEO_API_KEY for the default, AIVideoMaker), and
// PROVIDER_OUTPUT_ALLOW_PRIVATE=127.0.0.1 so that Cutroom may fetch its outputs from loopback.
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../lib/server/db/client";
import { createAivideomakerSandbox } from "../lib/server/sandbox/aivideomaker";
import { createApidotSandbox } from "../lib/server/sandbox/apidot";
import { createSkillsVideoSandbox } from "../lib/server/sandbox/skills-video";
import { startStandaloneSandbox } from "../lib/server/sandbox/standalone";
import type { SandboxFactory } from "../lib/server/sandbox/types";

const FACTORIES: Record<string, { label: string; factory: SandboxFactory; auth: (key: string) => string }> = {
  aivideomaker: { label: "AIVideoMaker", factory: createAivideomakerSandbox, auth: (key) => `header "key: ${key}"` },
  "skills-video": { label: "skills.video", factory: createSkillsVideoSandbox, auth: (key) => `Bearer ${key}` },
  apidot: { label: "APIDot", factory: createApidotSandbox, auth: (key) => `Bearer ${key}` },
};

const { values } = parseArgs({
  options: {
    provider: { type: "string", default: "aivideomaker" },
    port: { type: "string", default: "4010" },
    key: { type: "string", default: "sandbox" },
    seconds: { type: "string", default: "15" },
    credits: { type: "string", default: "5000" },
    faults: { type: "string" },
    // skills.video sends its signed webhooks to one endpoint, set in its dashboard: these stand for it.
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
  },
});
const chosen = FACTORIES[values.provider!];
if (!chosen) throw new Error(`--provider must be one of ${Object.keys(FACTORIES).join(", ")}`);
if (Boolean(values["webhook-url"]) !== Boolean(values["webhook-secret"])) {
  throw new Error("--webhook-url and --webhook-secret go together");
}

const database = await openDatabase({ kind: "pglite" });
const server = await startStandaloneSandbox(chosen.factory, {
  db: database.db,
  port: Number(values.port),
  apiKey: values.key!,
  taskSeconds: Number(values.seconds),
  initialCredits: Number(values.credits),
  mediaDir: path.join(process.cwd(), "public/sandbox/media"),
  // Checked by the sandbox, which names its SANDBOX_*_FAULTS variable in its complaint.
  faults: values.faults,
  webhook: values["webhook-url"] ? { url: values["webhook-url"], secret: values["webhook-secret"]! } : undefined,
});
console.log(`${chosen.label} sandbox listening on ${server.url} (key: ${chosen.auth(values.key!)})`);
const stop = async () => {
  await server.close();
  await database.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
