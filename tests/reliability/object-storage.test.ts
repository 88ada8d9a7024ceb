import fs from "node:fs";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, S3_TEST_KEY, type S3ServerFixture } from "../support/s3-server";
import { createDeployment, createTaskOver, scale, startSandboxProcess, waitFor, type Deployment, type SandboxProcess } from "./harness";

// Two `next start` instances on one Postgres and one bucket (s3rver on loopback), nothing shared on
// disk: tasks created on either are archived by whichever instance takes the job, straight into the
// bucket, and each output plays (with Range) from the other instance. The bucket stops while the
// first copies run (they fail and are retried), and one instance is killed with SIGKILL and started
// again; every output still ends up in the bucket, and no instance's DATA_DIR holds a stored file.

const TASKS = scale(6, 40);

describe("two instances on object storage", () => {
  let sandbox: SandboxProcess;
  let deployment: Deployment;
  let s3: S3ServerFixture;

  beforeAll(async () => {
    s3 = await startS3Server("cutroom-reliability");
    sandbox = await startSandboxProcess("object-storage", { seconds: 3 });
    deployment = await createDeployment("object-storage", sandbox, { ...s3.env, RECONCILE_INTERVAL_MS: "1000" });
  });
  afterAll(async () => {
    await deployment?.stop();
    await sandbox?.stop();
    await s3?.close();
  });

  it(`archives ${TASKS} outputs into the bucket across two instances, through a storage outage and a SIGKILL, and serves each from the other`, async () => {
    // Each instance gets a DATA_DIR of its own: the bucket and the database are all they share.
    const dirs = [path.join(deployment.dataDir, "one"), path.join(deployment.dataDir, "two")];
    const [one, two] = [await deployment.app({ DATA_DIR: dirs[0]! }), await deployment.app({ DATA_DIR: dirs[1]! })];
    const cookies = [await one.signIn(), await two.signIn()];
    const ids: string[] = [];
    for (let index = 0; index < TASKS; index++) {
      const [app, cookie] = index % 2 === 0 ? [one, cookies[0]!] : [two, cookies[1]!];
      const task = await createTaskOver(app, cookie, `stored ${index}`);
      expect(task, `create ${index}`).not.toBeNull();
      ids.push(task!.id);
    }
    // The bucket goes away as the first outputs are copied: those copies fail and are tried again.
    await waitFor(async () => {
      const { rows } = await deployment.sql.query("select count(*)::int as n from tasks where state = 'succeeded'");
      return rows[0].n > 0;
    }, 60_000);
    await s3.stop();
    await waitFor(
      async () => {
        const { rows } = await deployment.sql.query(
          "select count(*)::int as n from tasks where archive_retry_at is not null and media_path is null",
        );
        return rows[0].n > 0;
      },
      60_000,
      250,
    );
    await s3.start();
    // And one instance dies without warning and comes back.
    await one.kill("SIGKILL");
    await one.start();

    const archived = await waitFor(
      async () => {
        const { rows } = await deployment.sql.query("select id, media_path, media_bytes, poster_path from tasks where id = any($1)", [ids]);
        return rows.length === ids.length && rows.every((row) => row.media_path && row.poster_path) ? rows : null;
      },
      // A failed copy waits a minute before its next try.
      240_000,
      1000,
    );

    const client = new S3Client({
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_KEY },
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    client.destroy();
    const sizes = new Map((listed.Contents ?? []).map((item) => [item.Key!, item.Size!]));
    for (const row of archived) {
      expect(sizes.get(row.media_path), row.id).toBe(Number(row.media_bytes));
      expect(sizes.has(row.poster_path), row.id).toBe(true);
    }
    for (const dir of dirs) {
      for (const area of ["uploads", "media"])
        expect(fs.existsSync(path.join(dir, area)) ? fs.readdirSync(path.join(dir, area)) : []).toEqual([]);
    }

    // Each output plays from the instance that did not create it, with Range.
    for (const [index, id] of ids.entries()) {
      const [app, cookie] = index % 2 === 0 ? [two, cookies[1]!] : [one, cookies[0]!];
      const response = await fetch(`${app.url}/api/media/${id}`, { headers: { cookie, range: "bytes=0-1023" } });
      expect(response.status, id).toBe(206);
      expect((await response.arrayBuffer()).byteLength).toBe(1024);
    }
  });
});
