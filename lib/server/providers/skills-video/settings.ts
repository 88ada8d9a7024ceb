import "server-only";
import { z } from "zod";
import { envFields, envSection } from "../../env";
import type { ProviderSettings } from "../descriptor";

const { emptyToUndefined, optionalString, optionalUrl, positiveInt, perMinute } = envFields;

export type SkillsVideoSettings = ProviderSettings & { webhookSecrets: string[] };

/** SKILLS_VIDEO_* and the sandbox's SANDBOX_SKILLS_VIDEO_FAULTS. */
export function skillsVideoSettings(): SkillsVideoSettings {
  const values = envSection("skills-video", {
    SKILLS_VIDEO_API_KEY: optionalString,
    SKILLS_VIDEO_BASE_URL: optionalUrl,
    SKILLS_VIDEO_WEBHOOK_SECRET: z.preprocess(
      emptyToUndefined,
      z
        .string()
        // One secret, or several separated by spaces while a rotation is under way.
        .regex(
          /^(whsec_)?[A-Za-z0-9+/=]{16,}(\s+(whsec_)?[A-Za-z0-9+/=]{16,})*$/,
          "must be the endpoint's signing secret (whsec_ followed by base64)",
        )
        .optional(),
    ),
    SKILLS_VIDEO_TIMEOUT_MS: positiveInt(30_000),
    // skills.video publishes no rate limit; its own skill polls every 3 s. A conservative default.
    SKILLS_VIDEO_QUERY_BUDGET: perMinute(60),
    SANDBOX_SKILLS_VIDEO_FAULTS: optionalString,
  });
  return {
    apiKey: values.SKILLS_VIDEO_API_KEY,
    baseUrl: values.SKILLS_VIDEO_BASE_URL ?? "https://open.skills.video/api/v1",
    timeoutMs: values.SKILLS_VIDEO_TIMEOUT_MS,
    queryBudgetPerMinute: values.SKILLS_VIDEO_QUERY_BUDGET,
    sandboxFaults: values.SANDBOX_SKILLS_VIDEO_FAULTS,
    webhookSecrets: values.SKILLS_VIDEO_WEBHOOK_SECRET?.split(/\s+/).filter(Boolean) ?? [],
  };
}
