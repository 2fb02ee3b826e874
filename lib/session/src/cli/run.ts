import path from "node:path";
import { createSessionEngine, type SessionEngine } from "../engine.js";
import { findAppConfig, loadAppEngine } from "./app-config.js";
import { optionsFromEnv } from "../env.js";
import { SessionError } from "../errors.js";
import type { SessionStore } from "../store/port.js";
import { postgresGrants } from "../sql/grants.js";
import { parseCommandArgs, UsageError } from "./args.js";
import { CommandFailed, type CliContext } from "./command.js";
import { COMMANDS } from "./commands.js";
import { helpText } from "./help.js";

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** Stops a long-running command (`neon-local`); the bin passes SIGINT and SIGTERM. */
  signal?: AbortSignal;
  /** Where to look for the app's wiring (`cartsession.config.ts`); default the process's working directory. */
  cwd?: string;
}

const GLOBAL_OPTIONS = { json: { type: "boolean" }, database: { type: "string" }, "table-prefix": { type: "string" }, config: { type: "string" } } as const;
/** The CLI seals no cookies; the engine still wants a secret, so one stands in when none is set. */
const NO_COOKIES_SECRET = "the-cartsession-cli-seals-no-cookies-at-all";

interface Target {
  database: string;
  tablePrefix: string | undefined;
}

function describeTarget(database: string): string {
  if (!/^postgres(ql)?:\/\//.test(database)) return `the SQLite file ${database.replace(/^file:/, "")}`;
  try {
    const url = new URL(database);
    return `PostgreSQL at ${url.hostname}:${url.port || "5432"}${url.pathname} through the Neon driver`;
  } catch {
    return "PostgreSQL (the URL does not parse)";
  }
}

/** One readable line for a failure, whatever shape the driver threw (ErrorEvent, AggregateError, …). */
export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorMessage(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = error.cause === undefined ? "" : `: ${errorMessage(error.cause)}`;
    return `${error.message || error.name}${typeof code === "string" && !error.message.includes(code) ? ` (${code})` : ""}${cause}`;
  }
  if (typeof error === "object" && error !== null) {
    const e = error as { message?: unknown; error?: unknown; type?: unknown };
    if (e.error !== undefined) return errorMessage(e.error);
    if (typeof e.message === "string" && e.message !== "") return e.message;
    if (typeof e.type === "string") return `${e.type} event`;
  }
  return String(error);
}

async function openStore(target: Target, env: Record<string, string | undefined>, migrate: boolean): Promise<SessionStore> {
  if (/^postgres(ql)?:\/\//.test(target.database)) {
    const { postgresStore } = await import("../postgres/index.js");
    const { setLocalNeonEndpoint } = await import("../testing/local-neon.js");
    if (env.NEON_LOCAL_PROXY) setLocalNeonEndpoint(env.NEON_LOCAL_PROXY);
    return postgresStore({ connectionString: target.database, tablePrefix: target.tablePrefix, migrate });
  }
  const { sqliteStore } = await import("../sqlite/index.js");
  return sqliteStore({ file: target.database.replace(/^file:/, ""), tablePrefix: target.tablePrefix, migrate });
}

async function migrate(target: Target, env: Record<string, string | undefined>): Promise<string[]> {
  if (/^postgres(ql)?:\/\//.test(target.database)) {
    const { migratePostgres } = await import("../postgres/index.js");
    const { setLocalNeonEndpoint } = await import("../testing/local-neon.js");
    if (env.NEON_LOCAL_PROXY) setLocalNeonEndpoint(env.NEON_LOCAL_PROXY);
    return migratePostgres({ connectionString: target.database, tablePrefix: target.tablePrefix });
  }
  const { migrateSqlite } = await import("../sqlite/index.js");
  const { openSqliteDatabase } = await import("../sqlite/client.js");
  const db = await openSqliteDatabase(target.database.replace(/^file:/, ""));
  try {
    return migrateSqlite(db, { tablePrefix: target.tablePrefix });
  } finally {
    db.close();
  }
}

/** Runs one command and returns the exit code: 0 done, 1 failed, 2 bad command or arguments. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(`${helpText(COMMANDS)}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "neon-local") return runNeonLocal(rest, io);
  if (name === "grants") return runGrants(rest, io);
  let target: Target | undefined;
  let appWiring: string | undefined;
  try {
    const command = COMMANDS.find((c) => c.name === name);
    if (!command && name !== "migrate") throw new UsageError(`unknown command "${name}"`);
    const usage = `cartsession ${command?.usage ?? "migrate"}`;
    const args = parseCommandArgs(rest, { ...command?.options, ...GLOBAL_OPTIONS }, { ...(command?.positionals ?? { min: 0, max: 0 }), usage });
    // Every argument is validated (keys included) before the store is opened or queried.
    const input = command?.parse(args);
    target = {
      database: (typeof args.values.database === "string" ? args.values.database : undefined) ?? (io.env.DATABASE_URL?.trim() || "file:.data/sessions.db"),
      tablePrefix: (typeof args.values["table-prefix"] === "string" ? args.values["table-prefix"] : undefined) ?? (io.env.SESSION_TABLE_PREFIX?.trim() || undefined),
    };
    const json = args.values.json === true;
    if (!command) {
      const applied = await migrate(target, io.env);
      io.stdout.write(json ? `${JSON.stringify({ applied }, null, 2)}\n` : applied.length > 0 ? `Applied ${applied.join(", ")}.\n` : "Nothing to apply: the tables are up to date.\n");
      return 0;
    }
    // The app's own wiring when there is one (cartsession.config.ts): the same store, prefix,
    // options and hooks as the app, unless --database names another database.
    const configFile = typeof args.values.database === "string" ? null : findAppConfig(typeof args.values.config === "string" ? args.values.config : undefined, io.env, io.cwd);
    let engine: SessionEngine;
    if (configFile) {
      appWiring = path.basename(configFile);
      engine = await loadAppEngine(configFile);
    } else {
      const options = optionsFromEnv({ ...io.env, SESSION_SECRET: io.env.SESSION_SECRET || NO_COOKIES_SECRET }, { warn: () => {} });
      engine = createSessionEngine({ ...options, store: await openStore(target, io.env, true) });
    }
    const context: CliContext = { engine, store: await engine.openStore(), stdout: io.stdout, stderr: io.stderr, json };
    try {
      await command.run(context, input);
    } finally {
      await engine.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`cartsession: ${error.message}\nRun "cartsession help" to see the commands.\n`);
      return 2;
    }
    if (error instanceof CommandFailed || (error instanceof SessionError && error.code !== "store_unavailable")) {
      io.stderr.write(`cartsession: ${error.message}\n`);
      return 1;
    }
    const where = appWiring ? `cannot reach the store of the app's wiring (${appWiring})` : target ? `cannot reach ${describeTarget(target.database)}` : "failed";
    const hint = target && /^postgres/.test(target.database) && !io.env.NEON_LOCAL_PROXY && /127\.0\.0\.1|localhost/.test(target.database)
      ? " (a local PostgreSQL speaks no HTTP: start `npx cartsession neon-local` and set NEON_LOCAL_PROXY)"
      : "";
    const cause = error instanceof SessionError && error.cause !== undefined ? error.cause : error;
    io.stderr.write(`cartsession: ${where}: ${errorMessage(cause)}${hint}\n`);
    return 1;
  }
}

/**
 * `cartsession neon-local [--port N]`: Neon's SQL-over-HTTP endpoint in front of a local
 * PostgreSQL (the one in DATABASE_URL), for developing against Postgres without a Neon
 * account. Runs until interrupted. Needs the optional peer `pg`.
 */
async function runNeonLocal(argv: readonly string[], io: CliIo): Promise<number> {
  let port: number;
  try {
    const args = parseCommandArgs(argv, { port: { type: "string" } }, { min: 0, max: 0, usage: "cartsession neon-local [--port N]" });
    const raw = (typeof args.values.port === "string" ? args.values.port : undefined) ?? io.env.NEON_LOCAL_PORT ?? "5480";
    if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65_535) throw new UsageError(`--port must be a port number (0-65535), got "${raw}"`);
    port = Number(raw);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`cartsession: ${error.message}\nRun "cartsession help" to see the commands.\n`);
    return 2;
  }
  const { startLocalNeon } = await import("../testing/local-neon.js");
  let bridge: Awaited<ReturnType<typeof startLocalNeon>>;
  try {
    bridge = await startLocalNeon(port);
  } catch (error) {
    const missingPg = (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes("'pg'");
    io.stderr.write(`cartsession: cannot start the local Neon endpoint: ${missingPg ? "it needs the pg package (npm install --save-dev pg)" : errorMessage(error)}\n`);
    return 1;
  }
  io.stdout.write(`local Neon endpoint on ${bridge.address}: run the app with NEON_LOCAL_PROXY=${bridge.address} (and DATABASE_URL=postgres://… of your local PostgreSQL)\n`);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  await bridge.close();
  return 0;
}

/** `cartsession grants <role> [--table-prefix P]`: the GRANT statements an app's Postgres role needs; connects to nothing. */
async function runGrants(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const usage = "cartsession grants <role> [--table-prefix PREFIX] [--schema SCHEMA]";
    const args = parseCommandArgs(argv, { "table-prefix": { type: "string" }, schema: { type: "string" } }, { min: 1, max: 1, usage });
    const prefix = (typeof args.values["table-prefix"] === "string" ? args.values["table-prefix"] : undefined) ?? (io.env.SESSION_TABLE_PREFIX?.trim() || undefined);
    const schema = typeof args.values.schema === "string" ? args.values.schema : undefined;
    let statements: string[];
    try {
      statements = postgresGrants(args.positionals[0] as string, { tablePrefix: prefix, schema });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    io.stdout.write(`${statements.join("\n")}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`cartsession: ${error.message}\nRun "cartsession help" to see the commands.\n`);
    return 2;
  }
}
