import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Issue 15: the README's "Add cartsession to your Next.js app" is followed verbatim by
 * e2e/consumer (which e2e/consumer.spec.ts installs from `npm pack` and runs). Every titled
 * snippet of that section must be exactly the consumer's file of that name.
 */
const root = path.resolve(__dirname, "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const start = readme.indexOf("## Add cartsession to your Next.js app");
const end = readme.indexOf("\n## ", start + 1);
const section = readme.slice(start, end);
const snippets = [...section.matchAll(/```\w+ title="([^"]+)"\n([\s\S]*?)```/g)].map((m) => ({ file: m[1] as string, code: m[2] as string }));

describe("the README's adoption section", () => {
  it("has the adoption section with its numbered steps, at most six", () => {
    expect(start).toBeGreaterThan(0);
    const steps = [...section.matchAll(/^\*\*(\d)\. /gm)].map((m) => Number(m[1]));
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("shows the consumer app's files, every one of them verbatim", () => {
    expect(snippets.map((s) => s.file).sort()).toEqual(["app/actions.ts", "app/api/cron/session-cleanup/route.ts", "app/cart.tsx", "lib/sessions.ts", "proxy.ts"]);
    for (const snippet of snippets) {
      expect(snippet.code, snippet.file).toBe(readFileSync(path.join(root, "e2e/consumer", snippet.file), "utf8"));
    }
  });
});
