import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "tests/.tmp/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true, varsIgnorePattern: "^_", argsIgnorePattern: "^_" }],
      // Only the env module may read process.env (see lib/server/env.ts).
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/server/env.ts." },
      ],
    },
  },
  {
    // No import cycles anywhere in the app: a module that several others need gets its own file.
    files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "proxy.ts", "instrumentation.ts"],
    settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // lib/build runs inside next.config.mjs, before the env module can load.
    files: ["lib/server/env.ts", "lib/build/**", "instrumentation.ts", "scripts/**", "tests/**", "*.config.*", "next.config.mjs"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
