import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Static checks of the server-only boundary: fast, and they name the file at fault. That the
// bundler really refuses a client import of a marked module is proved by a real `next build` in
// tests/build/server-only-build.test.ts (npm run test:build-boundary).

const repoRoot = path.resolve(import.meta.dirname, "../..");
const serverDir = path.join(repoRoot, "lib", "server");

/** Files under lib/server/ that must not carry the marker, each with the reason. */
const SERVER_ONLY_EXEMPT: Record<string, string> = {
  // drizzle-kit loads the schema without the react-server condition, where `server-only` throws.
  "lib/server/db/schema.ts": "loaded by drizzle-kit (npm run db:generate) outside Next.js",
  "lib/server/sandbox/schema.ts": "the sandboxes' tables, loaded by drizzle-kit beside lib/server/db/schema.ts",
};

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
