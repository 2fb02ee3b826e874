import { readdirSync } from "node:fs";
import path from "node:path";

/** Folders that hold no documentation of ours (dependencies, builds, data, generated reports). */
const SKIP = new Set(["node_modules", ".git", ".data", ".tools", "dist", "test-results", "playwright-report", "results"]);

/**
 * Every Markdown file of the repository, as paths relative to `root` (README.md,
 * CONTRIBUTING.md, SECURITY.md, lib/session/README.md, docs/*.md, …), sorted. Build output
 * (`.next*`) and generated benchmark reports are left out.
 */
export function markdownFiles(root: string, dir = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith(".next")) continue;
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...markdownFiles(root, relative));
    else if (entry.name.endsWith(".md")) files.push(relative);
  }
  return files.sort();
}
