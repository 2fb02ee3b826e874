/**
 * `npm run neon:local`: the package's `cartsession neon-local` — a local stand-in for Neon's
 * SQL-over-HTTP endpoint in front of a local PostgreSQL, for developing against Postgres
 * without a Neon account. Then run the app with NEON_LOCAL_PROXY=127.0.0.1:<port>.
 * Port: --port or NEON_LOCAL_PORT (5480).
 */
import { runCli } from "cartsession/cli";

const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());
process.exitCode = await runCli(["neon-local", ...process.argv.slice(2)], { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: stop.signal });
