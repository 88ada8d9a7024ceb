import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "./env";
import { logger } from "./logger";
import { ensurePrivateDirSync } from "./storage/private-files";

const globalForSecrets = globalThis as unknown as { cutroomSecrets?: Map<string, string> };

/**
 * A secret from its environment variable, or else one generated once and kept in DATA_DIR/<file>
 * (mode 0600), so it survives restarts. Several instances must share it through the variable,
 * which is why generating one is logged as a warning.
 */
export function persistentSecret(file: string, fromEnv: string | undefined, variable: string): string {
  globalForSecrets.cutroomSecrets ??= new Map();
  const cached = globalForSecrets.cutroomSecrets.get(file);
  if (cached) return cached;
  if (fromEnv) {
    globalForSecrets.cutroomSecrets.set(file, fromEnv);
    return fromEnv;
  }
  const { dataDir } = env();
  const target = path.join(dataDir, file);
  ensurePrivateDirSync(dataDir);
  try {
    fs.writeFileSync(target, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
    logger().warn(
      { file: target },
      `${variable} is not set: generated one and stored it in DATA_DIR. Set ${variable} when running several instances.`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const secret = fs.readFileSync(target, "utf8").trim();
  if (secret.length < 32) throw new Error(`${target} does not hold a usable secret; delete it to generate a new one.`);
  globalForSecrets.cutroomSecrets.set(file, secret);
  return secret;
}

/** Tests change DATA_DIR and variables between cases. */
export function forgetSecretsForTests(): void {
  globalForSecrets.cutroomSecrets = undefined;
}
