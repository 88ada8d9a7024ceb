import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

// The `import "server-only"` markers in lib/server/ are only worth something if the bundler
// really refuses them in client code. Vitest aliases `server-only` to an empty module (see
// vitest.config.mts), so no unit test can see that refusal: this file runs the real `next build`
// on a throwaway app that imports this repo's own modules, plus cheap static checks of the tree.

const repoRoot = path.resolve(import.meta.dirname, "../..");
const serverDir = path.join(repoRoot, "lib", "server");

/** Files under lib/server/ that must not carry the marker, each with the reason. */
const SERVER_ONLY_EXEMPT: Record<string, string> = {
  // drizzle-kit loads the schema without the react-server condition, where `server-only` throws.
  "lib/server/db/schema.ts": "loaded by drizzle-kit (npm run db:generate) outside Next.js",
  "lib/server/sandbox/schema.ts": "the sandboxes' tables, loaded by drizzle-kit beside lib/server/db/schema.ts",
};

// A cold webpack build of a one-page app takes about 20 s here; two of them, each with room for a
// busy machine, fit within the test's own timeout (240 s), so vitest never abandons a running build.
const BUILD_TIMEOUT_MS = 110_000;

// ---------------------------------------------------------------------------------------------
// The real build.

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

// ---------------------------------------------------------------------------------------------
// Static checks: fast, and they name the file at fault.

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith(".d.ts"))
    .map((file) => path.join(dir, file));
}

function parse(file: string): ts.SourceFile {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, kind);
}

const relativeToRepo = (file: string) => path.relative(repoRoot, file).split(path.sep).join("/");

function hasServerOnlyMarker(source: ts.SourceFile): boolean {
  return source.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) &&
      !statement.importClause &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text === "server-only",
  );
}

/** True when the directive prologue holds "use client" (comments before it are fine). */
function isClientModule(source: ts.SourceFile): boolean {
  for (const statement of source.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === "use client") return true;
  }
  return false;
}

/**
 * Every module specifier that can put code in the bundle: imports, re-exports and dynamic
 * import(). `import type` / `export type` are erased before bundling, so they are left out;
 * `import { type X }` is not, to keep the rule simple: write `import type` instead.
 */
function runtimeSpecifiers(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function pointsIntoLibServer(fromFile: string, specifier: string): boolean {
  let target: string;
  if (specifier.startsWith("@/")) target = path.join(repoRoot, specifier.slice(2));
  else if (specifier.startsWith(".")) target = path.resolve(path.dirname(fromFile), specifier);
  else return false;
  const rel = path.relative(serverDir, target);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

describe("server-only markers and client imports (static)", () => {
  it('marks every module in lib/server/ with import "server-only", except the listed ones', () => {
    const files = sourceFiles(serverDir).filter((file) => !file.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(0);

    const unmarked = files.filter((file) => !(relativeToRepo(file) in SERVER_ONLY_EXEMPT) && !hasServerOnlyMarker(parse(file)));
    expect(unmarked.map(relativeToRepo), 'add import "server-only"; at the top of these files').toEqual([]);

    // A stale entry would hide nothing today but could excuse a new file with the same name later;
    // and an exempt file that gained the marker would break the tool the exemption is for.
    for (const exempt of Object.keys(SERVER_ONLY_EXEMPT)) {
      const file = path.join(repoRoot, exempt);
      expect(fs.existsSync(file), `${exempt} is listed as exempt but does not exist`).toBe(true);
      expect(hasServerOnlyMarker(parse(file)), `${exempt} is exempt: ${SERVER_ONLY_EXEMPT[exempt]}`).toBe(false);
    }
  });

  it("keeps client modules from importing lib/server/", () => {
    const appApi = path.join(repoRoot, "app", "api") + path.sep;
    // In components/ and app/ only "use client" modules are client code (route handlers under
    // app/api/ are server code). lib/shared/ and lib/client/ are meant to be imported by client
    // code, so all of their modules are checked, with or without the directive.
    const candidates = [
      ...sourceFiles(path.join(repoRoot, "components")).map((file) => ({ file, always: false })),
      ...sourceFiles(path.join(repoRoot, "app"))
        .filter((file) => !file.startsWith(appApi))
        .map((file) => ({ file, always: false })),
      ...sourceFiles(path.join(repoRoot, "lib", "shared")).map((file) => ({ file, always: true })),
      ...sourceFiles(path.join(repoRoot, "lib", "client")).map((file) => ({ file, always: true })),
    ];

    const clientModules = candidates.filter(({ file, always }) => always || isClientModule(parse(file)));
    // Guards against the walk silently finding nothing (a moved folder, a broken directive check).
    expect(clientModules.some(({ file }) => file.startsWith(path.join(repoRoot, "components")))).toBe(true);

    const offending = clientModules.flatMap(({ file }) =>
      runtimeSpecifiers(parse(file))
        .filter((specifier) => pointsIntoLibServer(file, specifier))
        .map((specifier) => `${relativeToRepo(file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});
