import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

// A real S3-protocol server on a loopback port (s3rver, from the npm registry), for the object
// storage tests and the reliability runs: Cutroom talks to it through the AWS SDK exactly as it
// would to AWS, R2 or MinIO. It checks request signatures with its fixed test key. `stop()` and
// `start()` take it down and bring it back on the same port with the same files, as an outage does.

export const S3_TEST_KEY = "S3RVER";

export type S3ServerFixture = {
  endpoint: string;
  bucket: string;
  /** The variables that point Cutroom at this bucket. */
  env: Record<string, string>;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  close: () => Promise<void>;
};

export async function startS3Server(bucket = "cutroom-test"): Promise<S3ServerFixture> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-s3-"));
  let port = 0;
  let server: S3rver | null = null;
  const start = async () => {
    const instance = new S3rver({ address: "127.0.0.1", port, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
    const address = (await instance.run()) as { port: number };
    port = address.port;
    server = instance;
  };
  const stop = async () => {
    const running = server;
    server = null;
    await running?.close();
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      STORAGE: "s3",
      S3_BUCKET: bucket,
      S3_REGION: "us-east-1",
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: "true",
      S3_ACCESS_KEY_ID: S3_TEST_KEY,
      S3_SECRET_ACCESS_KEY: S3_TEST_KEY,
    },
    stop,
    start,
    close: async () => {
      await stop();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
