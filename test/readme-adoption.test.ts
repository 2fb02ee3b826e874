import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { markdownFiles } from "./helpers/markdown-files";

/*
 * Issue 15: the engine guide's (lib/session/README.md, the package's README since issue 29)
 * "Add cartsession to your Next.js app" is followed verbatim by e2e/consumer (which
 * e2e/consumer.spec.ts installs from `npm pack` and runs). Every titled snippet of that
 * section must be exactly the consumer's file of that name.
 */
const root = path.resolve(__dirname, "..");
const readme = readFileSync(path.join(root, "lib/session/README.md"), "utf8");
const start = readme.indexOf("## Add cartsession to your Next.js app");
const end = readme.indexOf("\n## ", start + 1);
const section = readme.slice(start, end);
const snippets = [...section.matchAll(/```\w+ title="([^"]+)"\n([\s\S]*?)```/g)].map((m) => ({ file: m[1] as string, code: m[2] as string }));

describe("the engine guide's adoption section", () => {
  it("has the adoption section with its numbered steps, at most six", () => {
    expect(start).toBeGreaterThan(0);
    const steps = [...section.matchAll(/^\*\*(\d)\. /gm)].map((m) => Number(m[1]));
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("shows the consumer app's files, every one of them verbatim", () => {
    expect(snippets.map((s) => s.file).sort()).toEqual(["app/actions.ts", "app/api/cron/session-cleanup/route.ts", "app/cart.tsx", "lib/auth.ts", "lib/sessions.ts", "proxy.ts"]);
    for (const snippet of snippets) {
      expect(snippet.code, snippet.file).toBe(readFileSync(path.join(root, "e2e/consumer", snippet.file), "utf8"));
    }
  });
});

/*
 * A login snippet copied as written must be safe: the id handed to the engine comes from the
 * app's verified auth, never from the request (a form field, a query, a body, a header).
 */
describe("login snippets in the docs", () => {
  const docs = markdownFiles(root);

  it("reads every doc, the engine guide and the guides among them", () => {
    expect(docs).toEqual(expect.arrayContaining(["README.md", "CONTRIBUTING.md", "SECURITY.md", "lib/session/README.md", "docs/auth.md", "docs/demo.md"]));
  });
  const REQUEST_DATA = /\b(formData|searchParams|params|request|req|body|headers|cookies|query)\b/;

  it.each(docs)("%s never passes request data to onLogin", (file) => {
    const text = readFileSync(path.join(root, file), "utf8");
    const calls = [...text.matchAll(/onLogin\(([^)]*(?:\([^)]*\)[^)]*)*)\)/g)].map((m) => m[1] as string);
    for (const argument of calls) expect(argument, `${file}: onLogin(${argument})`).not.toMatch(REQUEST_DATA);
  });

  it("catches the unsafe spelling it is meant to catch", () => {
    const unsafe = 'await sessions.onLogin(String(formData.get("userId")));';
    const argument = /onLogin\(([^)]*(?:\([^)]*\)[^)]*)*)\)/.exec(unsafe)?.[1] ?? "";
    expect(argument).toMatch(REQUEST_DATA);
  });
});
