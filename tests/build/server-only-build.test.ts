import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The `import "server-only"` markers in lib/server/ are only worth something if the bundler
// really refuses them in client code. Vitest aliases `server-only` to an empty module (see
// vitest.config.mts), so no unit test can see that refusal: this file runs the real `next build`
// on a throwaway app that imports this repo's own modules. The cheap static checks of the tree
// (every module marked, no client import of lib/server/) are in tests/unit/server-only-boundary.test.ts.

const repoRoot = path.resolve(import.meta.dirname, "../..");

// A cold webpack build of a one-page app takes about 20 s here; two of them, each with room for a
// busy machine, fit within the test's own timeout (240 s), so vitest never abandons a running build.
const BUILD_TIMEOUT_MS = 110_000;

type BuildResult = { code: number | null; signal: NodeJS.Signals | null; output: string };

const probeDirs: string[] = [];

afterAll(() => {
  // rmSync unlinks the node_modules symlink itself and never descends into the repo's copy.
  for (const dir of probeDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A one-page App Router app in a temp dir whose `@/*` points at this repo, as in the real app. */
function createProbe(pageSource: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "server-only-probe-"));
  probeDirs.push(dir);
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.mkdirSync(path.join(dir, "app"));

  // No experimental.externalDir: Next 16 runs SWC on App Router modules wherever they live (its
  // app-layer webpack rules have no `include`), so the repo's .ts files compile from the temp dir;
  // the control build below would fail if that ever changed. Type errors are off so that only the
  // bundler's verdict decides the exit code.
  fs.writeFileSync(path.join(dir, "next.config.mjs"), "export default { typescript: { ignoreBuildErrors: true } };\n");

  // Next joins path targets onto the project dir even when they are absolute, so the alias has to
  // be relative (an absolute one ends in "Can't resolve '@/lib/server/env'").
  const repoFromProbe = path.relative(dir, repoRoot).split(path.sep).join("/");
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "esnext",
      moduleResolution: "bundler",
      jsx: "react-jsx",
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      paths: { "@/*": [`${repoFromProbe}/*`] },
    },
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);

  fs.writeFileSync(
    path.join(dir, "app", "layout.tsx"),
    [
      "export default function RootLayout({ children }: { children: React.ReactNode }) {",
      '  return (<html lang="en"><body>{children}</body></html>);',
      "}",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(path.join(dir, "app", "page.tsx"), pageSource);
  return dir;
}

function nextBuild(dir: string): Promise<BuildResult> {
  // Vitest sets NODE_ENV=test, which `next build` warns about; it builds for production anyway.
  // NO_COLOR keeps escape codes out of the text the assertions read.
  const { FORCE_COLOR: _forceColor, ...inherited } = process.env;
  const env = { ...inherited, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1", CI: "1", NO_COLOR: "1" };
  const nextBin = path.join(dir, "node_modules", "next", "dist", "bin", "next");
  return new Promise((resolve, reject) => {
    // Same flags as `npm run build`: the webpack pipeline is the one this app ships with.
    const child = spawn(process.execPath, [nextBin, "build", "--webpack"], {
      cwd: dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: BUILD_TIMEOUT_MS,
      killSignal: "SIGKILL",
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
}

const clientPage = (importLine: string, expression: string) =>
  ['"use client";', importLine, "", "export default function Page() {", `  return <p>{String(${expression})}</p>;`, "}", ""].join("\n");

describe("next build and the server-only boundary", () => {
  it("refuses a client component that imports lib/server/env.ts, and builds the same page importing lib/shared", async () => {
    // Control: the same client page and the same alias, but a client-safe module that also pulls
    // in zod and relative imports. If this fails, the probe itself is broken, and the refused build
    // would prove nothing.
    const control = createProbe(clientPage('import { filtersToParams } from "@/lib/shared/task-filters";', "filtersToParams({})"));
    const ok = await nextBuild(control);
    expect(ok.signal, `control build was killed:\n${ok.output}`).toBeNull();
    expect(ok.code, `control build should succeed:\n${ok.output}`).toBe(0);

    // One after the other: side by side on two cores the pair was no faster (28 s against 22-28 s).
    const forbidden = createProbe(clientPage('import { env } from "@/lib/server/env";', "typeof env"));
    const refused = await nextBuild(forbidden);
    expect(refused.signal, `build was killed:\n${refused.output}`).toBeNull();
    expect(refused.code, `build should fail:\n${refused.output}`).not.toBe(0);
    // The failure must be the server-only check, not a resolution or parse error of the probe.
    expect(refused.output).not.toContain("Module not found");
    expect(refused.output).toMatch(/importing a \w+ that (?:depends on|needs) "server-only"/);
    expect(refused.output).toContain("lib/server/env.ts");
  }, 240_000);
});
