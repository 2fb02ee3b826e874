import { describe, expect, it } from "vitest";
import { isPostgresOutage } from "./outage.js";

describe("what counts as an outage on Neon's HTTP endpoint", () => {
  // The shapes @neondatabase/serverless throws: a NeonDbError with the endpoint's message,
  // and its `code` (the SQLSTATE) only when the endpoint answered 400.
  const neonError = (message: string, code?: string) => Object.assign(new Error(message), { name: "NeonDbError", code });

  it.each([
    ["an endpoint that could not get a connection (5xx, the SQLSTATE only in the body)", neonError('Server error (HTTP status 500): {"message":"the database system is starting up","code":"57P03"}')],
    ["a gateway in front of the endpoint failing", neonError("Server error (HTTP status 502): Bad Gateway")],
    ["a connection lost mid-query (400, empty code)", neonError("error communicating with the server: Broken pipe (os error 32)", "")],
    ["a connection closed mid-query (400, empty code)", neonError("connection closed", "")],
    ["Postgres shutting down under a query", neonError("terminating connection due to administrator command", "57P01")],
    ["a query the endpoint cancelled", neonError("Query cancelled, connection was terminated", "08P01")],
    ["the endpoint unreachable", neonError("Error connecting to database: TypeError: fetch failed")],
    ["a round trip past the store's deadline", Object.assign(new Error("Postgres (Neon over HTTP) did not answer within 1000 ms"), { code: "ETIMEDOUT" })],
  ])("%s is store_unavailable", (_name, error) => {
    expect(isPostgresOutage(error)).toBe(true);
  });

  it.each([
    ["a missing table", neonError('relation "sessions" does not exist', "42P01")],
    ["a unique violation", neonError('duplicate key value violates unique constraint "sessions_pkey"', "23505")],
    ["a response too large for the endpoint (507 is not an outage)", neonError("Server error (HTTP status 507): response is too large (max is 10485760 bytes)")],
  ])("%s is not", (_name, error) => {
    expect(isPostgresOutage(error)).toBe(false);
  });
});
