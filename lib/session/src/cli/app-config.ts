import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SessionEngine } from "../engine.js";
import { engineOf } from "../next/registry.js";
import { CommandFailed } from "./command.js";

/** Where the CLI looks for the app's wiring, the way drizzle-kit looks for drizzle.config.ts. */
export const CONFIG_FILES = ["cartsession.config.ts", "cartsession.config.mts", "cartsession.config.js", "cartsession.config.mjs"];

/** The config file to load: `--config`, else CARTSESSION_CONFIG, else the first of CONFIG_FILES in the working directory. */
export function findAppConfig(explicit: string | undefined, env: Record<string, string | undefined>, cwd = process.cwd()): string | null {
  const named = explicit ?? (env.CARTSESSION_CONFIG?.trim() || undefined);
  if (named !== undefined) {
    const file = path.resolve(cwd, named);
    if (!existsSync(file)) throw new CommandFailed(`no config file at ${file}`);
    return file;
  }
  for (const name of CONFIG_FILES) {
    const file = path.join(cwd, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** A TypeScript config needs a loader that resolves the app's own imports (extensionless, tsconfig paths): tsx, an optional peer. */
async function importConfig(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (!/\.m?ts$/.test(file)) return (await import(url)) as Record<string, unknown>;
  let register: () => () => Promise<void>;
  try {
    ({ register } = (await import("tsx/esm/api")) as { register: typeof register });
  } catch {
    throw new CommandFailed(`${path.basename(file)} is TypeScript: install tsx to load it (npm install --save-dev tsx), or write cartsession.config.mjs`);
  }
  // Registered for the whole process (not tsImport's private namespace): the app's
  // `cartsession/next` must be the very module this command uses, or its sessions are unknown here.
  register();
  return (await import(url)) as Record<string, unknown>;
}

/**
 * The app's own engine, from its wiring: the config's default export (or `sessions`) is the
 * `CartSessions` the app made with `createCartSessions`, e.g.
 *
 *   // cartsession.config.ts
 *   export { sessions as default } from "./lib/sessions";
 */
export async function loadAppEngine(file: string): Promise<SessionEngine> {
  const loaded = await importConfig(file);
  const exported = loaded.default ?? loaded.sessions;
  const engine = engineOf(exported);
  if (!engine) {
    throw new CommandFailed(
      `${path.basename(file)} must export the app's sessions (what createCartSessions returned) as its default export or as \`sessions\`, ` +
        "made by the same cartsession package as this command",
    );
  }
  return engine;
}
