import { readFileSync } from "node:fs";
import path from "node:path";

/** The version of `pkg` installed in this checkout's node_modules, or "?". */
export function installedVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(path.join("node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}
