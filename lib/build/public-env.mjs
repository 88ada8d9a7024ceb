// Next.js copies every NEXT_PUBLIC_ variable a client file reads into the browser bundle at build
// time. Cutroom reads none, but an operator who "fixes" a setup by renaming AIVIDEO_API_KEY to
// NEXT_PUBLIC_AIVIDEO_API_KEY, or pastes a key into some NEXT_PUBLIC_ variable, would be one import
// away from shipping it to every visitor. next.config.mjs refuses to build or start with one.

/** Server secrets whose values must never appear in a public variable. */
const SECRET_NAMES = [
  "AIVIDEO_API_KEY",
  "SKILLS_VIDEO_API_KEY",
  "SKILLS_VIDEO_WEBHOOK_SECRET",
  "APIDOT_API_KEY",
  "SANDBOX_API_KEY",
  "AUTH_SECRET",
  "ADMIN_PASSWORD",
  "DATABASE_URL",
];
/**
 * Words of a variable name that say it holds a secret. Whole words, so the public keys some
 * services hand out (a reCAPTCHA SITE_KEY, a PUBLISHABLE_KEY) pass, while any API_KEY does not.
 */
const SECRET_WORDS = new Set([
  "SECRET",
  "SECRETS",
  "TOKEN",
  "TOKENS",
  "PASSWORD",
  "PASSWD",
  "PASS",
  "PWD",
  "CREDENTIAL",
  "CREDENTIALS",
  "PRIVATE",
  "BEARER",
  "APIKEY",
]);

function namedLikeSecret(name) {
  const words = name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const joined = words.join("_");
  return words.some((word) => SECRET_WORDS.has(word)) || joined.includes("API_KEY") || joined.includes("DATABASE_URL");
}

/**
 * What is wrong with the public (NEXT_PUBLIC_) variables of an environment: one sentence per
 * variable that is named like a secret or holds a server secret's value. Empty when all is well.
 * @param {Record<string, string | undefined>} env
 * @returns {string[]}
 */
export function publicEnvProblems(env) {
  const secrets = SECRET_NAMES.map((name) => [name, env[name]?.trim()]).filter(([, value]) => value && value.length >= 8);
  const problems = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith("NEXT_PUBLIC_") || raw === undefined) continue;
    const value = raw.trim();
    if (namedLikeSecret(name.slice("NEXT_PUBLIC_".length))) {
      problems.push(`${name} is named like a secret, and NEXT_PUBLIC_ variables are copied into the browser bundle.`);
      continue;
    }
    const leaked = secrets.find(([, secret]) => value.includes(secret));
    if (leaked) problems.push(`${name} holds the value of ${leaked[0]}, and NEXT_PUBLIC_ variables are copied into the browser bundle.`);
  }
  return problems;
}

/** Throws, naming each offending variable (never its value), when the environment has any. */
export function assertPublicEnvSafe(env = process.env) {
  const problems = publicEnvProblems(env);
  if (problems.length > 0) {
    throw new Error(
      `Refusing to run with secrets in public variables:\n- ${problems.join("\n- ")}\nRemove them; Cutroom reads its keys on the server only.`,
    );
  }
}
