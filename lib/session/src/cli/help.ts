import type { Command } from "./command.js";

export function helpText(commands: readonly Command[]): string {
  const rows = [
    ["migrate", "Apply cartsession's migrations (run it with a role that may create tables)"],
    ...commands.map((c) => [c.usage, c.summary]),
    ["grants <role>", "Print the GRANT statements a least-privilege Postgres role needs (connects to nothing)"],
    ["neon-local [--port N]", "Serve Neon's HTTP endpoint in front of a local PostgreSQL, for development (needs pg)"],
    ["help", "Show this help"],
  ];
  const width = Math.max(...rows.map((r) => (r[0] ?? "").length));
  return [
    "cartsession: inspect and maintain the sessions table.",
    "",
    "Usage: cartsession <command> [options] [--json] [--config FILE | --database URL] [--table-prefix PREFIX]",
    "",
    ...rows.map(([usage, summary]) => `  ${(usage ?? "").padEnd(width)}  ${summary}`),
    "",
    "The store: the app's own wiring when the working directory has cartsession.config.ts (or .mts, .js,",
    "  .mjs; --config FILE or CARTSESSION_CONFIG name another): its default export is the app's sessions, so",
    "  the store, prefix, options and hooks are the app's (a .ts config needs tsx). Else --database, else",
    "  DATABASE_URL, else file:.data/sessions.db.",
    "  postgres://… uses the Neon serverless driver (NEON_LOCAL_PROXY=host:port for a local bridge:",
    "  `cartsession neon-local` starts one);",
    "  file:<path> (or a plain path) opens a SQLite file.",
    "SESSION_ENC_KEY decrypts encrypted values; SESSION_TABLE_PREFIX names prefixed tables.",
    "Exit codes: 0 done, 1 failed (e.g. no such session, database unreachable), 2 bad command or arguments.",
  ].join("\n");
}
