/** Throwaway Postgres databases for the demo's tests: the engine's helpers, as any app would use them. */
export { createTestDatabase, postgresOrSkipReason, type TestDatabase } from "cartsession/testing";
