/** npm run neon:local: the local WebSocket/HTTP bridge for developing against a local Postgres. */
import { startLocalNeon } from "../db/pg/local-neon";

const neon = await startLocalNeon(Number(process.env.NEON_LOCAL_PORT ?? 5480));
console.log(`local-neon listening on ${neon.address}; run the app with NEON_LOCAL_PROXY=${neon.address}`);
process.on("SIGINT", () => void neon.close().then(() => process.exit(0)));
process.on("SIGTERM", () => void neon.close().then(() => process.exit(0)));
