import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The sandbox is a guest in the app (issue 13): it depends only on lib/shared, npm packages and its
// own files, and the host hands it everything else. A relative import cannot be resolved by this
// rule, so each folder depth under lib/server/sandbox forbids climbing one level more than it has.
const SANDBOX = "lib/server/sandbox";
const sandboxFence = [0, 1, 2, 3].map((depth) => ({
  files: [`${SANDBOX}/${"*/".repeat(depth)}*.{ts,tsx,mts}`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: "^@/(?!lib/shared(/|$)|lib/server/sandbox(/|$))",
            message: "The sandbox depends only on lib/shared and its own files: take what it needs from the host as an option.",
          },
          {
            regex: `^(\\.\\./){${depth + 1},}`,
            message: "This leaves lib/server/sandbox: the sandbox depends only on lib/shared and its own files.",
          },
        ],
      },
    ],
  },
}));

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
  ...sandboxFence,
  {
    // Product code reaches a sandbox only through its provider's descriptor.
    files: ["**/*.{ts,tsx,mts,js,mjs}"],
    ignores: [`${SANDBOX}/**`, "lib/server/providers/*/index.ts", "tests/**", "scripts/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/lib/server/sandbox|(\\.\\.?/)+((lib/)?server/)?sandbox)(/|$)",
              message: "Reach a sandbox through its provider's descriptor (lib/server/providers/<provider>/index.ts).",
            },
          ],
        },
      ],
    },
  },
];

export default config;
