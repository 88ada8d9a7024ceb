import "server-only";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "./env";

// Structured JSON logs. Callers pass ids and codes, never keys, tokens, prompts or media URLs; the
// redact list is the second line of defence for fields that slip through by name.
const REDACTED_FIELDS = [
  "key",
  "apiKey",
  "authorization",
  "cookie",
  "password",
  "token",
  "secret",
  "prompt",
  "url",
  "webhookUrl",
  "image",
  "*.key",
  "*.apiKey",
  "*.authorization",
  "*.cookie",
  "*.password",
  "*.token",
  "*.secret",
  "*.prompt",
  "*.url",
  "*.webhookUrl",
  "*.image",
  "headers.key",
  "headers.cookie",
  "headers.authorization",
];

/**
 * Errors are logged by type, code and the first line of their message. Database errors carry the
 * query's parameters after "params:" (prompts, file names), so that part never reaches the log.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = (error as { code?: unknown }).code ?? cause?.code;
  const message = error.message.split("\nparams:")[0]!.split("\n")[0]!.slice(0, 300);
  return {
    type: error.name,
    code: typeof code === "string" ? code : undefined,
    message,
    cause: typeof cause?.message === "string" ? cause.message.split("\n")[0]!.slice(0, 300) : undefined,
    stack: error.stack
      ?.split("\n")
      .filter((line) => line.trimStart().startsWith("at "))
      .slice(0, 6)
      .join("\n"),
  };
}

const globalForLogger = globalThis as unknown as { cutroomLogger?: Logger };

function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "cutroom" },
      redact: { paths: REDACTED_FIELDS, censor: "[redacted]" },
      serializers: { err: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export function logger(): Logger {
  globalForLogger.cutroomLogger ??= createLogger(env().LOG_LEVEL);
  return globalForLogger.cutroomLogger;
}

/**
 * Tests read what the server logs: later `logger()` calls write to `destination` at `level`, with
 * the same redaction and serialisers; null goes back to the configured logger.
 */
export function setLogDestinationForTests(destination: DestinationStream | null, level = "info"): void {
  globalForLogger.cutroomLogger = destination ? createLogger(level, destination) : undefined;
}
