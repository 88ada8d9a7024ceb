import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROVIDER_IDS } from "@/lib/shared/catalog/ids";

// Adding a provider is its folders and a line in each registry list (docs/ADDING-A-PROVIDER.md):
// outside a provider's own folders (lib/server/providers/<id>/, lib/server/sandbox/, the shared
// model catalog) and the registry, no source file names a provider id in its code. Comments may
// mention a provider as an example; a string in code may not.

const ROOT = path.resolve(__dirname, "../..");
const SOURCE_DIRS = ["app", "components", "lib"];
const SOURCE_FILES = ["proxy.ts", "instrumentation.ts", "next.config.mjs"];

const ALLOWED = [
  /^lib\/server\/providers\/[^/]+\//, // a provider's own folder (and only its own: checked below)
  /^lib\/server\/sandbox\//,
  /^lib\/shared\/catalog\//,
  /^lib\/server\/providers\/registry\.ts$/,
];

function sourceFiles(): string[] {
  const files: string[] = [...SOURCE_FILES];
  for (const dir of SOURCE_DIRS) {
    for (const file of fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
      if (/\.(ts|tsx|mts|mjs)$/.test(file) && !/\.test\.tsx?$/.test(file)) files.push(path.posix.join(dir, file.split(path.sep).join("/")));
    }
  }
  return files;
}

const idPattern = new RegExp(`(^|[^A-Za-z0-9_-])(${PROVIDER_IDS.map((id) => id.replace(/[.-]/g, "\\$&")).join("|")})(?![A-Za-z0-9_-])`);

/** Every piece of text in a file's code (strings and templates), never its comments. */
function codeStrings(file: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // Module specifiers say where code lives, not which provider a value is.
      if (!(ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent) || ts.isExternalModuleReference(node.parent))) {
        found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("provider boundaries", () => {
  it("names no provider id in code outside the provider's folders and the registry", () => {
    const offences: string[] = [];
    for (const file of sourceFiles()) {
      if (ALLOWED.some((pattern) => pattern.test(file))) continue;
      for (const { text, line } of codeStrings(file)) {
        const match = idPattern.exec(text);
        if (match) offences.push(`${file}:${line} names "${match[2]}"`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("keeps each provider folder to its own provider", () => {
    const offences: string[] = [];
    for (const file of sourceFiles()) {
      const folder = /^lib\/server\/providers\/([^/]+)\//.exec(file)?.[1];
      if (!folder || !(PROVIDER_IDS as readonly string[]).includes(folder)) continue;
      for (const { text, line } of codeStrings(file)) {
        const match = idPattern.exec(text);
        if (match && match[2] !== folder) offences.push(`${file}:${line} names "${match[2]}"`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("would catch a provider id in code (the check itself works)", () => {
    expect(idPattern.test(`/api/webhook/${PROVIDER_IDS[0]}/x`)).toBe(true);
    expect(idPattern.test(`${PROVIDER_IDS[0]}-extra`)).toBe(false);
  });
});
