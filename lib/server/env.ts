import "server-only";
import path from "node:path";
import { z } from "zod";
import { privateAllowListSchema } from "./http/address-policy";

// The one place that reads process.env. Everything is validated once, on first use, so a bad value
// stops the server with a message that names the variable instead of failing somewhere later.

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional());
const positiveInt = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(fallback));
const nonNegativeInt = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(fallback));
/** Calls a minute a provider may take (a shared budget). */
const perMinute = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(600).default(fallback));

/** The building blocks of variables, for the groups other modules declare (each provider's own). */
export const envFields = { emptyToUndefined, optionalString, optionalUrl, positiveInt, nonNegativeInt, perMinute };
const TRUST_PROXY_MESSAGE = "must be false, true, or how many reverse proxies stand in front of Cutroom (1 to 10)";
/** TRUST_PROXY as the number of trusted proxies: false/off/0 -> 0, true/on -> 1, or the count. */
const trustedProxies = z.preprocess(
  (value) => {
    if (value === undefined || value === "") return 0;
    const text = String(value).trim().toLowerCase();
    if (["false", "off", "no", "0"].includes(text)) return 0;
    if (["true", "on", "yes"].includes(text)) return 1;
    return /^[0-9]+$/.test(text) ? Number(text) : text;
  },
  z.number({ error: TRUST_PROXY_MESSAGE }).int().min(0).max(10, TRUST_PROXY_MESSAGE),
);

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: positiveInt(3000),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
        .optional(),
    ),
    /** The embedded database's cache inside the server's memory (Postgres' shared_buffers). */
    PGLITE_SHARED_BUFFERS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\d+(kB|MB|GB)$/, "must be a size like 32MB")
        .default("32MB"),
    ),
    APP_PUBLIC_URL: optionalUrl,
    // X-Forwarded-Host/-Proto/-For are believed only from this many proxies (0: not at all).
    TRUST_PROXY: trustedProxies,
    AUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
    ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.email().optional()),
    ADMIN_PASSWORD: optionalString,
    ADMIN_NAME: optionalString,
    /** Single sign-on with an OpenID Connect provider: all three, with APP_PUBLIC_URL (the redirect address). */
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    /** What the sign-in button says: "Sign in with <name>". */
    OIDC_NAME: z.preprocess(emptyToUndefined, z.string().max(40).default("single sign-on")),
    /** Email domains whose people may sign in with it (comma-separated); unset, any the provider vouches for. */
    OIDC_ALLOWED_DOMAINS: z.preprocess(
      (value) =>
        typeof value === "string" && value.trim() !== ""
          ? value
              .split(",")
              .map((domain) => domain.trim().toLowerCase().replace(/^@/, ""))
              .filter(Boolean)
          : [],
      z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "must be email domains like example.com, comma-separated")),
    ),
    /** Who may sign in with a password: everyone, admins only (the rest use single sign-on), or nobody. */
    PASSWORD_SIGN_IN: z.preprocess(emptyToUndefined, z.enum(["all", "admins", "off"]).default("all")),
    /** Bearer token for GET /api/metrics (Prometheus); unset, the endpoint answers 404. */
    METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, "must be at least 16 characters").optional()),
    /** Where uploads, archived outputs and posters live: DATA_DIR, or an S3-compatible bucket (S3_* variables). */
    STORAGE: z.preprocess(emptyToUndefined, z.enum(["local", "s3"]).default("local")),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

    /** How long a signed link to an uploaded image stays valid for a provider to fetch it. */
    UPLOAD_LINK_TTL_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int()
        .min(300)
        .max(7 * 86_400)
        .default(86_400),
    ),
    /** Hosts and CIDR ranges on the operator's own network that providers' outputs may come from. */
    PROVIDER_OUTPUT_ALLOW_PRIVATE: z.preprocess(emptyToUndefined, privateAllowListSchema),

    SANDBOX_API_KEY: z.preprocess(emptyToUndefined, z.string().min(8, "must be at least 8 characters").optional()),
    SANDBOX_TASK_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(3600).default(15)),
    SANDBOX_CREDITS: nonNegativeInt(5000),

    RECONCILE_INTERVAL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).max(600_000).default(5000)),
    BACKGROUND_WORK: z.enum(["on", "off"]).default("on"),
    PROVIDER_BREAKER_FAILURES: positiveInt(5),
    PROVIDER_BREAKER_SECONDS: positiveInt(60),
    // The longest a provider's Retry-After stops every call to it: one more call a minute costs
    // little, while a 15-minute stop of every member's work is what a single burst must not cause.
    PROVIDER_PAUSE_MAX_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(60)),
    /** Paid creates per member per minute, across every instance (an abuse guard, not a budget). */
    CREATE_RATE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100_000).default(10)),
    /** Price checks per member per minute that reach a provider (identical ones are answered from a cache). */
    QUOTE_RATE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100_000).default(30)),
    /** How long a task may wait for an admin's approval before it expires unsent. */
    APPROVAL_EXPIRY_HOURS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .positive()
        .max(24 * 90)
        .default(24),
    ),
    WATCHDOG_MULTIPLIER: z.preprocess(emptyToUndefined, z.coerce.number().min(1).max(100).default(4)),
    WATCHDOG_MIN_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(10_080).default(20)),
    SHUTDOWN_GRACE_MS: positiveInt(10_000),
    // How long a deleted output's files stay (an admin may restore it until then): 7 days; 0 removes
    // them at the next sweep.
    DELETE_GRACE_HOURS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .min(0)
        .max(24 * 365)
        .default(168),
    ),
    // Set by `npm start`: Next.js then leaves SIGTERM to Cutroom, which drains its work first.
    NEXT_MANUAL_SIG_HANDLE: optionalString,
  })
  .superRefine((value, ctx) => {
    if (value.ADMIN_EMAIL && !value.ADMIN_PASSWORD) {
      ctx.addIssue({ code: "custom", path: ["ADMIN_PASSWORD"], message: "is required when ADMIN_EMAIL is set" });
    }
    if (value.ADMIN_PASSWORD && value.ADMIN_PASSWORD.length < 10) {
      ctx.addIssue({ code: "custom", path: ["ADMIN_PASSWORD"], message: "must be at least 10 characters" });
    }
    if (value.OIDC_ISSUER) {
      for (const name of ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "APP_PUBLIC_URL"] as const) {
        if (!value[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when OIDC_ISSUER is set" });
      }
    }
    if (value.PASSWORD_SIGN_IN !== "all" && !value.OIDC_ISSUER) {
      // Otherwise nobody (or no member) could sign in at all.
      ctx.addIssue({ code: "custom", path: ["PASSWORD_SIGN_IN"], message: "can be admins or off only with OIDC_ISSUER set" });
    }
  });

export type Env = z.infer<typeof envSchema> & { dataDir: string };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw invalid(parsed.error.issues);
  cached = { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
  shareAuthUrl(cached);
  return cached;
}

let sharedAuthUrl: string | undefined;

/**
 * next-auth reads its own address from process.env.NEXTAUTH_URL only, and single sign-on needs it
 * (the redirect address the identity provider sends people back to): with OIDC configured it is
 * APP_PUBLIC_URL's, never a Host header's. Without OIDC, Cutroom's forms need none, and one this
 * module set earlier is taken back.
 */
function shareAuthUrl(config: Env): void {
  if (config.OIDC_ISSUER && config.APP_PUBLIC_URL) {
    sharedAuthUrl = new URL("/api/auth", config.APP_PUBLIC_URL).href;
    process.env.NEXTAUTH_URL = sharedAuthUrl;
  } else if (sharedAuthUrl && process.env.NEXTAUTH_URL === sharedAuthUrl) {
    delete process.env.NEXTAUTH_URL;
    sharedAuthUrl = undefined;
  }
}

function invalid(issues: readonly z.core.$ZodIssue[]): Error {
  const lines = issues.map((issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`);
  return new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
}

const sections = new Map<string, unknown>();

/**
 * A group of variables another module declares (a provider's key, base URL, timeouts...), read and
 * validated here like the rest, once, with the same message naming a bad one. A provider folder
 * brings its variables with it; this module still is the only reader of process.env.
 */
export function envSection<T extends z.ZodRawShape>(name: string, shape: T): z.infer<z.ZodObject<T>> {
  const hit = sections.get(name);
  if (hit) return hit as z.infer<z.ZodObject<T>>;
  const parsed = z.object(shape).safeParse(process.env);
  if (!parsed.success) throw invalid(parsed.error.issues);
  sections.set(name, parsed.data);
  return parsed.data;
}

/** Tests change process.env between cases; production never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
  sections.clear();
}
