/** Throwaway Postgres databases for the demo's tests: the engine's helpers, as any app would use them. */
export { createTestDatabase, postgresOrSkipReason, postgresReachable, type TestDatabase } from "cartsession/testing";

/** The server `cartsession/testing` creates test databases on (its documented CARTSESSION_TEST_PG), by its maintenance database. */
export const ADMIN_URL = process.env.CARTSESSION_TEST_PG || "postgres://postgres@127.0.0.1:5432/postgres";
