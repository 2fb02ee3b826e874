import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const ENGINE_BOUNDARY = {
  message: "Use the engine through its package entry points (cartsession, cartsession/next, cartsession/sqlite, cartsession/postgres, cartsession/redis, cartsession/testing, cartsession/cli), exactly as another shop would.",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Plain CommonJS in old syntax on purpose (scripts/check-node.cjs must run on old Nodes).
    files: ["**/*.cjs"],
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    // The demo store and its tests and scripts: the engine's public entry points only.
    files: ["app/**", "lib/**", "db/**", "e2e/**", "test/**", "scripts/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/session/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/lib/session", "**/lib/session/**", "@/lib/session", "@/lib/session/**"], ...ENGINE_BOUNDARY },
            { group: ["cartsession/dist", "cartsession/dist/**", "cartsession/src", "cartsession/src/**"], ...ENGINE_BOUNDARY },
          ],
        },
      ],
    },
  },
  {
    // The engine imports nothing outside its own folder (and its declared dependencies).
    files: ["lib/session/**"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        { zones: [{ target: "./lib/session", from: ".", except: ["./lib/session", "./node_modules"], message: "The engine (lib/session) imports nothing from the demo or the repository around it." }] },
      ],
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/*"], message: "The engine is a package: no app path aliases." }] }],
    },
  },
  globalIgnores([".next/**", ".next-*/**", ".tools/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/tmp/**", "lib/session/dist/**"]),
]);
