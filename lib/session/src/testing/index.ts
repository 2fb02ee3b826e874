/**
 * `cartsession/testing`: for adapter authors and app tests. The store contract suite
 * (vitest), a clock tests move by hand, a local stand-in for Neon's HTTP endpoint (with
 * faults to inject: a cut or slow link), and throwaway Postgres databases and Redis key prefixes.
 */
export { describeStoreContract } from "./contract.js";
export type { StoreContractSubject } from "./contract.js";
export { manualClock } from "../clock.js";
export type { ManualClock } from "../clock.js";
export { startLocalNeon } from "./local-neon.js";
export type { LocalNeon, LocalNeonFaults } from "./local-neon.js";
export {
  createTestDatabase,
  dropStaleTestDatabases,
  HOST_TAG,
  parseTestDatabaseName,
  postgresOrSkipReason,
  postgresReachable,
  processAlive,
  testAdminUrl,
  testDatabaseName,
} from "./postgres.js";
export type { TestDatabase } from "./postgres.js";
export { createTestRedis, deleteRedisKeys, redisOrSkipReason, redisReachable, testRedisPrefix, testRedisUrl } from "./redis.js";
export type { TestRedis } from "./redis.js";
