import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publicEnvProblems } from "./public-env.mjs";

const ROOT = path.resolve(__dirname, "../..");
const KEY = "avm_live_5f2c9a1e7b3d4c6a";

describe("no server secret in a NEXT_PUBLIC_ variable", () => {
  it("accepts an environment whose public variables hold nothing secret", () => {
    expect(publicEnvProblems({ AIVIDEO_API_KEY: KEY, NEXT_PUBLIC_SITE_NAME: "Cutroom", NODE_ENV: "production" })).toEqual([]);
  });

  it("names a public variable that is named like a secret, without printing its value", () => {
    for (const name of [
      "NEXT_PUBLIC_AIVIDEO_API_KEY",
      "NEXT_PUBLIC_APIDOT_TOKEN",
      "NEXT_PUBLIC_WEBHOOK_SECRET",
      "NEXT_PUBLIC_ADMIN_PASSWORD",
      "NEXT_PUBLIC_DB_PWD",
      "NEXT_PUBLIC_SKILLSVIDEO_APIKEY",
      "NEXT_PUBLIC_DATABASE_URL",
    ]) {
      const problems = publicEnvProblems({ [name]: KEY });
      expect(problems).toEqual([`${name} is named like a secret, and NEXT_PUBLIC_ variables are copied into the browser bundle.`]);
      expect(problems.join()).not.toContain(KEY);
    }
  });

  it("lets through the public keys services hand out on purpose, and names that merely contain a secret word", () => {
    const names = [
      "NEXT_PUBLIC_RECAPTCHA_SITE_KEY",
      "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
      "NEXT_PUBLIC_MONKEY_MODE",
      "NEXT_PUBLIC_PASSPORT_URL",
    ];
    expect(publicEnvProblems(Object.fromEntries(names.map((name) => [name, "pk_live_public_value"])))).toEqual([]);
  });

  it("names a public variable that holds a server secret's value, whatever it is called", () => {
    expect(publicEnvProblems({ APIDOT_API_KEY: KEY, NEXT_PUBLIC_SITE_NAME: `Cutroom ${KEY}` })).toEqual([
      "NEXT_PUBLIC_SITE_NAME holds the value of APIDOT_API_KEY, and NEXT_PUBLIC_ variables are copied into the browser bundle.",
    ]);
    // Too short to be a real secret: "on" is not a leak of a key that happens to be "on".
    expect(publicEnvProblems({ SANDBOX_API_KEY: "on", NEXT_PUBLIC_FLAG: "on" })).toEqual([]);
  });

  it("stops next.config.mjs from loading, so neither a build nor a start goes ahead", () => {
    const load = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["--input-type=module", "-e", "await import('./next.config.mjs')"], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, NODE_ENV: "production", ...env },
        encoding: "utf8",
      });
    const refused = load({ SKILLS_VIDEO_API_KEY: KEY, NEXT_PUBLIC_ANALYTICS_ID: KEY });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("NEXT_PUBLIC_ANALYTICS_ID holds the value of SKILLS_VIDEO_API_KEY");
    expect(refused.stderr).not.toContain(KEY);
    expect(load({ SKILLS_VIDEO_API_KEY: KEY }).status).toBe(0);
  });

  it("is not needed by any code today: nothing outside this check reads a NEXT_PUBLIC_ variable", () => {
    const offenders: string[] = [];
    for (const top of ["app", "components", "lib", "proxy.ts", "next.config.mjs"]) {
      const start = path.join(ROOT, top);
      const files = fs.statSync(start).isDirectory()
        ? (fs.readdirSync(start, { recursive: true }) as string[]).map((file) => path.join(start, file))
        : [start];
      for (const file of files) {
        if (!/\.(ts|tsx|mjs|js)$/.test(file) || file.includes(`${path.sep}build${path.sep}public-env`)) continue;
        if (fs.readFileSync(file, "utf8").includes("NEXT_PUBLIC_")) offenders.push(path.relative(ROOT, file));
      }
    }
    expect(offenders).toEqual([]);
  });
});
