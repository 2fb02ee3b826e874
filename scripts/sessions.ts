/**
 * The sessions command-line tool, in the spirit of WP-CLI's `wp session`:
 *   npm run sessions -- <command> [arguments] [--json]
 * Run `npm run sessions -- help` for the commands.
 */
import { runCli } from "./sessions/cli";

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
