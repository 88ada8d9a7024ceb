// Moves uploads, archived outputs and posters between local storage (DATA_DIR) and the S3 bucket
// the S3_* variables name, verifying each file's SHA-256; run it again to resume:
//   npm run storage:move -- --to s3      DATA_DIR -> bucket
//   npm run storage:move -- --to local   bucket -> DATA_DIR
// Then set STORAGE to match and restart. Exits 1 when any file could not be moved.
import { parseArgs } from "node:util";
import { env } from "../lib/server/env";
import { localBackend } from "../lib/server/storage/local-backend";
import { moveStoredFiles } from "../lib/server/storage/move";
import { createS3Backend } from "../lib/server/storage/s3-backend";

const { values } = parseArgs({ options: { to: { type: "string" } } });
if (values.to !== "s3" && values.to !== "local") {
  console.error("Say where the files go: --to s3 (from DATA_DIR to the bucket) or --to local (back).");
  process.exit(2);
}
env();
const bucket = createS3Backend();
const [from, to] = values.to === "s3" ? [localBackend, bucket] : [bucket, localBackend];
const report = await moveStoredFiles(from, to, (key, outcome, detail) => console.log(`${outcome.padEnd(13)} ${key} (${detail})`));
bucket.client.destroy();
console.log(
  `Moved ${report.moved} file(s), ${report.bytes} bytes; ${report.alreadyThere} already there; ${report.failed.length} failed.` +
    (report.failed.length === 0 ? ` Set STORAGE=${values.to} and restart.` : " Run it again to retry the failed ones."),
);
process.exit(report.failed.length === 0 ? 0 : 1);
