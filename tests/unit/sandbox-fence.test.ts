import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The sandbox is a guest (issue 13): it imports only lib/shared, npm packages and its own files, and
// product code reaches it only through a provider's descriptor. eslint.config.mjs enforces both with
// no-restricted-imports; these cases lint snippets at real paths of the tree with that config, so
// the rule cannot silently stop matching (a relative path one level too deep, a glob that misses).

const repoRoot = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The import specifiers no-restricted-imports refuses in `source`, linted as if it lived at `file`. */
async function refusedImports(file: string, specifiers: string[]): Promise<string[]> {
  const source = specifiers.map((specifier) => `import "${specifier}";`).join("\n") + "\n";
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
  return result!.messages.filter((message) => message.ruleId === "no-restricted-imports").map((message) => specifiers[message.line - 1]!);
}

describe("the sandbox fence", () => {
  it("keeps the sandbox off the rest of lib/server at every folder depth", async () => {
    expect(
      await refusedImports("lib/server/sandbox/fence-probe.ts", [
        "../db",
        "@/lib/server/env",
        "@/components/ui/button",
        "./markers",
        "@/lib/shared/catalog",
        "zod",
      ]),
    ).toEqual(["../db", "@/lib/server/env", "@/components/ui/button"]);
    expect(await refusedImports("lib/server/sandbox/apidot/fence-probe.ts", ["../../webhooks/receive", "../markers", "./store"])).toEqual([
      "../../webhooks/receive",
    ]);
    expect(
      await refusedImports("lib/server/sandbox/skills-video/routes/fence-probe.ts", [
        "../../../providers/registry",
        "../../markers",
        "../store",
      ]),
    ).toEqual(["../../../providers/registry"]);
  });

  it("lets product code reach a sandbox only through a provider's descriptor", async () => {
    const sandbox = ["@/lib/server/sandbox/markers", "../sandbox/markers", "../../sandbox/apidot", "../../lib/server/sandbox/markers"];
    expect(await refusedImports("lib/server/tasks/fence-probe.ts", sandbox)).toEqual(sandbox);
    expect(await refusedImports("lib/server/providers/apidot/client-probe.ts", sandbox)).toEqual(sandbox);
    expect(await refusedImports("app/api/fence-probe/route.ts", sandbox)).toEqual(sandbox);
    expect(await refusedImports("lib/server/providers/apidot/index.ts", sandbox)).toEqual([]);
    expect(await refusedImports("tests/integration/fence-probe.test.ts", sandbox)).toEqual([]);
    // Other imports that merely end in "sandbox" are not the sandbox.
    expect(await refusedImports("lib/server/tasks/fence-probe.ts", ["./state-machine", "@/lib/shared/providers"])).toEqual([]);
  });
});
