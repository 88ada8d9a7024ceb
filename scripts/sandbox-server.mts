// Runs the AIVideoMaker sandbox on its own port, backed by an in-memory database:
//   npm run sandbox -- --port 4010 --key sandbox --seconds 15 --credits 5000 [--faults '{"latencyMs":500}']
// Point another Cutroom (or curl) at it with AIVIDEO_BASE_URL=http://127.0.0.1:4010 and AIVIDEO_API_KEY=<key>,
// and PROVIDER_OUTPUT_ALLOW_PRIVATE=127.0.0.1 so that Cutroom may fetch its outputs from loopback.
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../lib/server/db/client";
import { createAivideomakerSandbox } from "../lib/server/sandbox/aivideomaker";
import { startStandaloneSandbox } from "../lib/server/sandbox/standalone";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    key: { type: "string", default: "sandbox" },
    seconds: { type: "string", default: "15" },
    credits: { type: "string", default: "5000" },
    faults: { type: "string" },
  },
});

const database = await openDatabase({ kind: "pglite" });
const server = await startStandaloneSandbox(createAivideomakerSandbox, {
  db: database.db,
  port: Number(values.port),
  apiKey: values.key!,
  taskSeconds: Number(values.seconds),
  initialCredits: Number(values.credits),
  mediaDir: path.join(process.cwd(), "public/sandbox/media"),
  // Checked by the sandbox, which names SANDBOX_FAULTS in its complaint.
  faults: values.faults,
});
console.log(`AIVideoMaker sandbox listening on ${server.url} (key: header "key: ${values.key}")`);
const stop = async () => {
  await server.close();
  await database.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
