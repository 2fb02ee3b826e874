/**
 * A test run that crashes: starts a throwaway cluster, prints its folder and port, then
 * waits to be killed with SIGKILL, leaving the folder and a running postmaster behind.
 */
import { startPgCluster } from "./pg-cluster.js";

const cluster = await startPgCluster();
process.stdout.write(`${cluster.dir} ${cluster.port}\n`);
setInterval(() => {}, 1_000);
