import "server-only";
import { envFields, envSection } from "../../env";
import type { ProviderSettings } from "../descriptor";

const { optionalString, optionalUrl, positiveInt, perMinute } = envFields;

/** APIDOT_* and the sandbox's SANDBOX_APIDOT_FAULTS. */
export function apidotSettings(): ProviderSettings {
  const values = envSection("apidot", {
    APIDOT_API_KEY: optionalString,
    APIDOT_BASE_URL: optionalUrl,
    APIDOT_TIMEOUT_MS: positiveInt(30_000),
    // APIDot publishes no numbers ("treat 429 as a pacing signal"): a conservative default.
    APIDOT_QUERY_BUDGET: perMinute(60),
    SANDBOX_APIDOT_FAULTS: optionalString,
  });
  return {
    apiKey: values.APIDOT_API_KEY,
    baseUrl: values.APIDOT_BASE_URL ?? "https://api.apidot.ai",
    timeoutMs: values.APIDOT_TIMEOUT_MS,
    queryBudgetPerMinute: values.APIDOT_QUERY_BUDGET,
    sandboxFaults: values.SANDBOX_APIDOT_FAULTS,
  };
}
