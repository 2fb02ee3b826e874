/** Throwaway Postgres databases for the demo's tests: the engine's helpers, as any app would use them. */
export {
  createTestDatabase,
  dropStaleTestDatabases,
  HOST_TAG,
  parseTestDatabaseName,
  postgresOrSkipReason,
  postgresReachable,
  processAlive,
  testAdminUrl,
  type TestDatabase,
} from "cartsession/testing";
import { testAdminUrl } from "cartsession/testing";

export const ADMIN_URL = testAdminUrl();
