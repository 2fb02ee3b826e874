import type { Command } from "../command";

/** The usage text: every command with its arguments and a one-line summary. */
export function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    "Usage: npm run sessions -- <command> [arguments] [--json]",
    "",
    "Manage cartsession's stored sessions (the store DATABASE_URL selects).",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  --json  machine-readable output on stdout; run it as `npm run --silent sessions -- …`",
    "          so npm prints no banner (e.g. `npm run -s sessions -- stats --json | jq .`)",
    "",
    "Examples:",
    "  npm run sessions -- list --page 2 --per-page 50",
    "  npm run sessions -- purge --older-than 30d",
    "  DATABASE_URL=file:/tmp/load.db npm run sessions -- generate 1000000 --expired",
    "",
    "Exit codes: 0 done, 1 failed (e.g. no such session), 2 bad command or arguments.",
  ].join("\n");
}
