// Types for public-env.mjs, which stays plain JavaScript because next.config.mjs loads it.
export function publicEnvProblems(env: Record<string, string | undefined>): string[];
export function assertPublicEnvSafe(env?: Record<string, string | undefined>): void;
