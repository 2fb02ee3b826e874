/**
 * `npm run neon:local`: a local stand-in for Neon's SQL-over-HTTP endpoint in front of the
 * PostgreSQL in DATABASE_URL, for developing against Postgres without a Neon account.
 * Then run the app with NEON_LOCAL_PROXY=127.0.0.1:<port>. Port: NEON_LOCAL_PORT (5480).
 */
import { startLocalNeon } from "cartsession/testing";

const port = Number(process.env.NEON_LOCAL_PORT ?? 5480);
const bridge = await startLocalNeon(port);
console.log(`local Neon endpoint on ${bridge.address}: run the app with NEON_LOCAL_PROXY=${bridge.address}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void bridge.close().then(() => process.exit(0)));
