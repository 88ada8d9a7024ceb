import "server-only";
import { envFields, envSection } from "../../env";
import type { ProviderSettings } from "../descriptor";

const { optionalString, optionalUrl, positiveInt, nonNegativeInt, perMinute } = envFields;

export type AivideomakerSettings = ProviderSettings & { maxRetries: number };

/** AIVIDEO_* and the sandbox's SANDBOX_FAULTS. AIVideoMaker allows 60 query calls a minute per IP. */
export function aivideomakerSettings(): AivideomakerSettings {
  const values = envSection("aivideomaker", {
    AIVIDEO_API_KEY: optionalString,
    AIVIDEO_BASE_URL: optionalUrl,
    AIVIDEO_TIMEOUT_MS: positiveInt(30_000),
    AIVIDEO_MAX_RETRIES: nonNegativeInt(3),
    AIVIDEO_QUERY_BUDGET: perMinute(48),
    SANDBOX_FAULTS: optionalString,
  });
  return {
    apiKey: values.AIVIDEO_API_KEY,
    baseUrl: values.AIVIDEO_BASE_URL ?? "https://aivideomaker.ai",
    timeoutMs: values.AIVIDEO_TIMEOUT_MS,
    maxRetries: values.AIVIDEO_MAX_RETRIES,
    queryBudgetPerMinute: values.AIVIDEO_QUERY_BUDGET,
    sandboxFaults: values.SANDBOX_FAULTS,
  };
}
