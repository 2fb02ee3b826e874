/**
 * The sessions command-line tool, in the spirit of WP-CLI's `wp session`:
 *   npm run sessions -- <command> [arguments] [--json]
 * Run `npm run sessions -- help` for the commands.
 */
import { runCli } from "./sessions/cli";

// A reader that stops early (`… --json | head -c 100`) closes the pipe: the command still
// finishes, the rest of its output is dropped, and no EPIPE stack trace is printed.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
