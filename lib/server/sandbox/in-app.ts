import "server-only";
import path from "node:path";
import { db } from "../db";
import { env } from "../env";
import { SANDBOX_BASE_PATHS, isSandboxed, sandboxApiKey } from "../providers/registry";
import { parseSandboxFaults } from "./aivideomaker/faults";
import { createAivideomakerSandbox, type AivideomakerSandbox } from "./aivideomaker/app";

const globalForSandbox = globalThis as unknown as { cutroomAivideomakerSandbox?: AivideomakerSandbox };

/** The AIVideoMaker sandbox mounted in this app, or null when a real API key is configured. */
export function inAppAivideomakerSandbox(): AivideomakerSandbox | null {
  if (!isSandboxed("aivideomaker")) return null;
  if (!globalForSandbox.cutroomAivideomakerSandbox) {
    const config = env();
    globalForSandbox.cutroomAivideomakerSandbox = createAivideomakerSandbox({
      db,
      apiKey: sandboxApiKey(),
      taskSeconds: config.SANDBOX_TASK_SECONDS,
      initialCredits: config.SANDBOX_CREDITS,
      basePath: SANDBOX_BASE_PATHS.aivideomaker,
      mediaDir: path.join(process.cwd(), "public/sandbox/aivideomaker"),
      faults: parseSandboxFaults(config.SANDBOX_FAULTS),
    });
  }
  return globalForSandbox.cutroomAivideomakerSandbox;
}
