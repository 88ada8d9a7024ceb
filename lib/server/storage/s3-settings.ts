import "server-only";
import { z } from "zod";
import { envFields, envSection } from "../env";

// The bucket's variables, read when STORAGE=s3 (at start-up, so a missing bucket stops the server
// with its name), kept apart from the backend so checking them does not load the AWS SDK.

const { emptyToUndefined, optionalString, optionalUrl } = envFields;
const flag = z.preprocess(
  (value) => (value === undefined || value === "" ? false : ["true", "1", "on", "yes"].includes(String(value).trim().toLowerCase())),
  z.boolean(),
);

export function s3Settings() {
  return envSection("s3", {
    S3_BUCKET: z.string({ error: "is required when STORAGE=s3" }).min(3, "is required when STORAGE=s3"),
    S3_REGION: z.preprocess(emptyToUndefined, z.string().default("us-east-1")),
    /** For anything but AWS itself: the service's address (https://<account>.r2.cloudflarestorage.com, http://minio:9000). */
    S3_ENDPOINT: optionalUrl,
    /** bucket in the path (endpoint/bucket/key) rather than the host name: MinIO and most self-hosted services. */
    S3_FORCE_PATH_STYLE: flag,
    /** Unset: the SDK's usual chain (AWS_* variables, the instance's role, ~/.aws). */
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    /** Keys are written under this prefix, so one bucket can hold other things too. */
    S3_PREFIX: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[\w./-]*$/, "may hold letters, digits, . _ - and /")
        .default(""),
    ),
    S3_PUBLIC_REDIRECT: flag,
    S3_PRESIGN_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(30).max(3600).default(300)),
  });
}
