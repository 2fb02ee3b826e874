import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/* The engine/demo line is held by a lint rule on resolved paths, not a comment (docs/ARCHITECTURE.md, "Boundaries"). */
const eslint = new ESLint();

async function errors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const INTERNALS = /^cartsession\/engine-boundary: .*reaches into the engine's internals/;

describe("the engine boundary", () => {
  it.each([
    ["an alias", "app/api/example/route.ts", `import { x } from "@/lib/session/src/cookie";\nexport const y = x;\n`],
    ["the package folder by alias", "app/api/example/route.ts", `import { x } from "@/lib/session";\nexport const y = x;\n`],
    ["a relative path from app/", "app/api/example/route.ts", `import { x } from "../../../lib/session/src/session";\nexport const y = x;\n`],
    ["../session/src from lib/", "lib/cart/example.ts", `import { x } from "../session/src/cookie";\nexport const y = x;\n`],
    ["./session/src from lib/", "lib/example.ts", `import { x } from "./session/src/cookie";\nexport const y = x;\n`],
    ["a re-export", "lib/example.ts", `export { x } from "./session/src/cookie";\n`],
    ["export *", "db/example.ts", `export * from "../lib/session/src/cookie";\n`],
    ["a dynamic import()", "lib/example.ts", `export const load = () => import("./session/src/cookie");\n`],
    ["a template-literal import()", "lib/example.ts", "export const load = () => import(`./session/src/cookie`);\n"],
    ["a type import()", "lib/example.ts", `export type Y = import("./session/src/cookie").SessionCookie;\n`],
    ["require() in a CommonJS script", "scripts/example.cjs", `module.exports = require("../lib/session/src/cookie");\n`],
    ["a benchmark", "bench/example.ts", `import { x } from "../lib/session/src/cookie";\nexport const y = x;\n`],
    ["a test", "test/example.test.ts", `import { x } from "../lib/session/src/options";\nexport const y = x;\n`],
    ["an e2e spec", "e2e/example.spec.ts", `import { x } from "../lib/session/dist/cookie.js";\nexport const y = x;\n`],
  ])("refuses %s into the engine's internals", async (_spelling, file, code) => {
    expect(await errors(code, file)).toEqual([expect.stringMatching(INTERNALS)]);
  });

  it.each([["cartsession/dist/cookie.js"], ["cartsession/src/session"], ["cartsession/sqlite/client"]])("refuses %s, which is no entry point", async (specifier) => {
    expect(await errors(`import { x } from "${specifier}";\nexport const y = x;\n`, "lib/example.ts")).toEqual([
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
