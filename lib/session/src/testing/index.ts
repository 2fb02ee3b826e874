/**
 * `cartsession/testing`: for an app's and an adapter author's tests and local development,
 * with no test runner attached. A clock tests move by hand, throwaway PostgreSQL databases
 * and Redis key prefixes (one per run, removed after), and a local stand-in for Neon's
 * HTTP endpoint in front of an ordinary PostgreSQL (needs the optional peer `pg`). The
 * store contract suite is `cartsession/contract`.
 */
export { manualClock } from "../clock.js";
export type { ManualClock } from "../clock.js";
export { startLocalNeon, setLocalNeonEndpoint } from "./local-neon.js";
export type { LocalNeon, LocalNeonFaults } from "./local-neon.js";
export { createTestDatabase, postgresOrSkipReason, postgresReachable } from "./postgres.js";
export type { TestDatabase } from "./postgres.js";
export { createTestRedis, redisOrSkipReason, redisReachable } from "./redis.js";
export type { TestRedis } from "./redis.js";
