import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/* The engine/demo line is held by a lint rule on resolved paths, not a comment (docs/ARCHITECTURE.md, "Boundaries"). */
const eslint = new ESLint();

async function errors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

/* The code under test, built from the specifier (so this file holds no import of the engine's internals itself). */
const importing = (specifier: string) => ["import { x } from ", JSON.stringify(specifier), ";\nexport const y = x;\n"].join("");
const reExporting = (specifier: string) => ["export { x } from ", JSON.stringify(specifier), ";\n"].join("");
const exportingAll = (specifier: string) => ["export * from ", JSON.stringify(specifier), ";\n"].join("");

const INTERNALS = /^cartsession\/engine-boundary: .*reaches into the engine's internals/;

describe("the engine boundary", () => {
  it.each([
    ["an alias", "app/api/example/route.ts", importing("@/lib/session/src/cookie")],
    ["the package folder by alias", "app/api/example/route.ts", importing("@/lib/session")],
    ["a relative path from app/", "app/api/example/route.ts", importing("../../../lib/session/src/session")],
    ["../session/src from lib/", "lib/cart/example.ts", importing("../session/src/cookie")],
    ["./session/src from lib/", "lib/example.ts", importing("./session/src/cookie")],
    ["a re-export", "lib/example.ts", reExporting("./session/src/cookie")],
    ["export *", "db/example.ts", exportingAll("../lib/session/src/cookie")],
    ["a dynamic import()", "lib/example.ts", `export const load = () => import("./session/src/cookie");\n`],
    ["a template-literal import()", "lib/example.ts", "export const load = () => import(`./session/src/cookie`);\n"],
    ["a type import()", "lib/example.ts", `export type Y = import("./session/src/cookie").SessionCookie;\n`],
    ["require() in a CommonJS script", "scripts/example.cjs", `module.exports = require("../lib/session/src/cookie");\n`],
    ["a benchmark", "bench/example.ts", importing("../lib/session/src/cookie")],
    ["a test", "test/example.test.ts", importing("../lib/session/src/options")],
    ["an e2e spec", "e2e/example.spec.ts", importing("../lib/session/dist/cookie.js")],
  ])("refuses %s into the engine's internals", async (_spelling, file, code) => {
    expect(await errors(code, file)).toEqual([expect.stringMatching(INTERNALS)]);
  });

  it.each([["cartsession/dist/cookie.js"], ["cartsession/src/session"], ["cartsession/sqlite/client"]])("refuses %s, which is no entry point", async (specifier) => {
    expect(await errors(importing(specifier), "lib/example.ts")).toEqual([
      expect.stringMatching(/^cartsession\/engine-boundary: .*is not an entry point of the cartsession package/),
    ]);
  });

  it("lets app, bench and test code use the package's public entry points", async () => {
    const code = `import { createCartSessions } from "cartsession/next";\nimport { addLine } from "cartsession";\nimport { supports } from "cartsession/store";\nexport const a = [createCartSessions, addLine, supports];\nexport const b = () => import("cartsession/redis");\n`;
    for (const file of ["lib/example.ts", "bench/example.ts", "test/example.test.ts"]) expect(await errors(code, file), file).toEqual([]);
  });

  it.each([
    ["a relative path", `import { shopConfig } from "../../shop-config";\nexport const y = shopConfig;\n`],
    ["a dynamic import()", `export const load = () => import("../../shop-config");\n`],
    ["a re-export", `export { shopConfig } from "../../shop-config";\n`],
  ])("refuses an engine import of anything outside lib/session by %s", async (_spelling, code) => {
    expect(await errors(code, "lib/session/src/example.ts")).toEqual([expect.stringMatching(/^cartsession\/engine-boundary: .*imports nothing from the demo/)]);
  });
});
