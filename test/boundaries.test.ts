import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/* The engine/demo line is held by a lint rule, not a comment (docs/ARCHITECTURE.md). */
const eslint = new ESLint();

async function errors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the engine boundary", () => {
  it("refuses a deep import of the engine from app code, in every spelling", async () => {
    for (const spec of ["@/lib/session/src/cookie", "../../lib/session/src/session", "cartsession/dist/cookie.js", "@/lib/session"]) {
      const found = await errors(`import { x } from "${spec}";\nexport const y = x;\n`, "app/api/example/route.ts");
      expect(found, spec).toEqual([expect.stringMatching(/^no-restricted-imports: .*package entry points/)]);
    }
  });

  it("lets app code use the package's public entry points", async () => {
    const code = `import { createCartSessions } from "cartsession/next";\nimport { addLine } from "cartsession";\nexport const a = [createCartSessions, addLine];\n`;
    expect(await errors(code, "lib/example.ts")).toEqual([]);
  });

  it("refuses an engine import of anything outside lib/session", async () => {
    const found = await errors(`import { shopConfig } from "../../shop-config";\nexport const y = shopConfig;\n`, "lib/session/src/example.ts");
    expect(found).toEqual([expect.stringMatching(/^import\/no-restricted-paths: .*imports nothing from the demo/)]);
  });
});
