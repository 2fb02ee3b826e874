import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { markdownFiles } from "./helpers/markdown-files";

/*
 * Issue 29 split the README by audience (a landing page, the engine guide in
 * lib/session/README.md, the guides in docs/). Every relative link between the Markdown files
 * must still land: on a file or folder that exists, and, with a `#anchor`, on a heading of
 * that file (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens, a repeated
 * heading numbered -1, -2, …). Links in fenced code blocks are code, not links.
 */
const root = path.resolve(import.meta.dirname, "..");

export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // a link's text
    .replace(/<[^>]+>/g, "")
    .replace(/[`*_~]/g, (c) => (c === "_" ? "_" : ""));
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of withoutCode(markdown).split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1] as string);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const m of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) result.add(m[1] as string);
  return result;
}

function withoutCode(markdown: string): string {
  return markdown.replace(/^(\s*)(```|~~~)[\s\S]*?^\1\2\s*$/gm, "");
}

export function links(markdown: string): string[] {
  const text = withoutCode(markdown);
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1] as string);
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

describe("links between the docs", () => {
  const files = markdownFiles(root);

  it("finds the docs, the guides among them", () => {
    expect(files).toEqual(expect.arrayContaining(["README.md", "CONTRIBUTING.md", "lib/session/README.md", "docs/auth.md", "docs/deploy.md"]));
  });

  it.each(files)("every relative link in %s resolves", (file) => {
    const broken: string[] = [];
    for (const target of links(readFileSync(path.join(root, file), "utf8"))) {
      if (EXTERNAL.test(target)) continue;
      const [rawPath, anchor] = target.split("#", 2) as [string, string | undefined];
      const resolved = rawPath ? path.resolve(path.dirname(path.join(root, file)), decodeURIComponent(rawPath)) : path.join(root, file);
      if (!resolved.startsWith(root) || !existsSync(resolved)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor && resolved.endsWith(".md") && statSync(resolved).isFile() && !anchors(readFileSync(resolved, "utf8")).has(anchor)) {
        broken.push(`${target}: no heading #${anchor}`);
      }
    }
    expect(broken, file).toEqual([]);
  });

  it("computes GitHub's anchors", () => {
    expect(slug("`cartsession/next`")).toBe("cartsessionnext");
    expect(slug("Personal data (GDPR) and the cookie policy")).toBe("personal-data-gdpr-and-the-cookie-policy");
    expect(slug("Add cartsession to your Next.js app")).toBe("add-cartsession-to-your-nextjs-app");
    expect([...anchors("# cartsession\n\n### `cartsession`\n")]).toEqual(["cartsession", "cartsession-1"]);
    expect(links("see [x](a.md#b) and\n```\n[y](nope.md)\n```\n<img src=\"p.png\">")).toEqual(["a.md#b", "p.png"]);
  });
});
