import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import boundary from "./eslint/engine-boundary.mjs";

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
    // The engine/demo line, by resolved path, for every file in the repository
    // (eslint/engine-boundary.mjs, docs/ARCHITECTURE.md "Boundaries").
    files: ["**/*.{ts,tsx,mts,cts,js,mjs,cjs}"],
    plugins: { cartsession: boundary },
    rules: { "cartsession/engine-boundary": "error" },
  },
  {
    // The engine is a package: no app path aliases.
    files: ["lib/session/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/*"], message: "The engine is a package: no app path aliases." }] }],
    },
  },
  globalIgnores([".next/**", ".next-*/**", ".tools/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/tmp/**", "lib/session/dist/**"]),
]);
