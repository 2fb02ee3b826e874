/**
 * `npm run sessions -- <command>`: cartsession's own CLI (`npx cartsession`), pointed at the
 * demo's database: DATABASE_URL, else the SQLite file in CARTSESSION_DATA_DIR (default .data).
 */
import { runCli } from "cartsession/cli";
import { sqliteFile } from "../db";

const env = { ...process.env };
env.DATABASE_URL ||= `file:${sqliteFile()}`;
// A reader that closes early (`| head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env });
