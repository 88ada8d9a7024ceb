// The bulk download's memory: a project of `--outputs` outputs of `--mb` MB each (2 GB by default)
// zipped by the production build while the app's resident memory is sampled each second.
//   npx tsx --conditions=react-server tests/bench/zip-memory.mts [--outputs 20] [--mb 100]
// The outputs are copies of one real task, whose stored video is swapped for a sparse file of that
// size (reads cost the disk nothing; the zip still carries every byte through the app).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDeployment, createTaskOver, startSandboxProcess, waitFor } from "../reliability/harness";
import { sampleProcess } from "./in-flight-scale-support";
import { seedGalleryCopies } from "../support/seed-tasks";

const { values } = parseArgs({ options: { outputs: { type: "string", default: "20" }, mb: { type: "string", default: "100" } } });
const outputs = Number(values.outputs);
const bytesEach = Number(values.mb) * 1024 * 1024;

const sandbox = await startSandboxProcess("bench-zip", { seconds: 2 });
const deployment = await createDeployment("bench-zip", sandbox, { RECONCILE_INTERVAL_MS: "1000" });
const app = await deployment.app();
try {
  const cookie = await app.signIn();
  const task = await createTaskOver(app, cookie, "Zip bench: a long drive at night");
  if (!task) throw new Error("could not create the seed task");
  const stored = await waitFor(async () => {
    const { rows } = await deployment.sql.query(
      "select media_path from tasks where id = $1 and state = 'succeeded' and poster_path is not null",
      [task.id],
    );
    return (rows[0]?.media_path as string | undefined) ?? null;
  }, 60_000);
  const file = path.join(deployment.dataDir, stored);
  fs.truncateSync(file, 0);
  fs.truncateSync(file, bytesEach);
  const project = crypto.randomUUID();
  const { rows: admins } = await deployment.sql.query("select id from users where role = 'admin' limit 1");
  await deployment.sql.query("insert into projects (id, name, created_by) values ($1, 'Zip bench', $2)", [project, admins[0].id]);
  await seedGalleryCopies(deployment.sql, task.id, outputs - 1, 4);
  await deployment.sql.query("update tasks set project_id = $1 where state = 'succeeded'", [project]);

  const pid = app.pid();
  if (!pid) throw new Error("the app has no pid");
  const before = sampleProcess(pid).stop().lastKb;
  const sampler = sampleProcess(pid);
  const started = performance.now();
  const response = await fetch(`${app.url}/api/downloads/zip?project=${project}`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`the zip answered ${response.status}`);
  let received = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) received += chunk.byteLength;
  const seconds = (performance.now() - started) / 1000;
  const sample = sampler.stop();
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  console.log(`zip of ${outputs} outputs x ${values.mb} MB: ${(received / 1024 ** 3).toFixed(2)} GB in ${seconds.toFixed(1)} s`);
  console.log(`app resident memory: ${mb(before)} before, ${mb(sample.maxKb)} at most while zipping (+${mb(sample.maxKb - before)})`);
} finally {
  await deployment.stop();
  await sandbox.stop();
}
