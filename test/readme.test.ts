import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { markdownFiles } from "./helpers/markdown-files";

/*
 * Issue 20: the docs' commands must work as written. Every ```sh block preceded by
 * `<!-- runnable -->`, in any Markdown file of the repository (README.md, CONTRIBUTING.md,
 * lib/session/README.md, docs/*.md: issue 29 split the README by audience), runs here as
 * one bash script (errexit, pipefail) with a fresh data folder and temp dir; each `#> text`
 * line under a command must appear, in order, in what the block printed. So an example that
 * drifts from the code fails the build, wherever it lives.
 */

interface RunnableBlock {
  line: number;
  script: string;
  expected: string[];
}

export function runnableBlocks(markdown: string): RunnableBlock[] {
  const lines = markdown.split("\n");
  const blocks: RunnableBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== "<!-- runnable -->" || lines[i + 1]?.trim() !== "```sh") continue;
    const body: string[] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]?.trim() !== "```"; j++) body.push(lines[j] as string);
    blocks.push({
      line: i + 1,
      script: body.filter((l) => !l.startsWith("#>")).join("\n"),
      expected: body.filter((l) => l.startsWith("#>")).map((l) => l.slice(2).trim()),
    });
    i = j;
  }
  return blocks;
}

const root = path.resolve(import.meta.dirname, "..");
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the docs' commands", () => {
  const blocks = markdownFiles(root).flatMap((file) => runnableBlocks(readFileSync(path.join(root, file), "utf8")).map((block) => ({ ...block, file })));

  it("has runnable blocks (the CLI walk-through, the grants, db:migrate and demo:unseed)", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect([...new Set(blocks.map((b) => b.file))]).toEqual(expect.arrayContaining(["lib/session/README.md", "docs/drizzle.md", "docs/demo.md"]));
  });

  for (const block of blocks) {
    it(`the block at ${block.file}:${block.line} runs and prints what it says`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), "cartsession-readme-"));
      scratch.push(dir);
      const env = { ...process.env, TMPDIR: dir, CARTSESSION_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" };
      const run = spawnSync("bash", ["-euo", "pipefail", "-c", block.script], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.status, output).toBe(0);
      let from = 0;
      for (const text of block.expected) {
        const at = output.indexOf(text, from);
        expect(at, `"${text}" after position ${from} in:\n${output}`).toBeGreaterThanOrEqual(0);
        from = at + text.length;
      }
    }, 180_000);
  }
});
