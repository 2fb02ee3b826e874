import { errorCode } from "../store/outage.js";

/**
 * Failures of Postgres through `@neondatabase/serverless` that mean "not reachable right
 * now": network errors, a server shutting down or starting (57P0x), out of resources
 * (53xxx), connection failures (08xxx), a missing database or refused credentials, the
 * store's own round-trip deadline (ETIMEDOUT), and the wordings Neon's HTTP endpoint uses
 * when it cannot reach Postgres. A bad statement or a constraint violation is not one.
 */
export function isPostgresOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR|57P0[1-3]|53\d\d\d|08\d\d\d|3D000|28P01|28000)/.test(errorCode(error)) ||
    /connect|connection|terminated|timeout|fetch failed|socket|network/i.test(error.message) ||
    // The SQL-over-HTTP endpoint answers 500 when it cannot get a connection to Postgres
    // (unreachable, or refusing while starting up or shutting down) and a gateway in front
    // of it 502-504; the driver keeps only "Server error (HTTP status 500): <body>", no code.
    // (507, a result too large, is no outage.)
    /^Server error \(HTTP status 50[0234]\)/.test(error.message) ||
    // A connection lost mid-query: a 400 with an empty code and the wording of Neon's
    // Postgres client ("error communicating with the server: Broken pipe …").
    /^error communicating with the server/.test(error.message)
  );
}

/**
 * Of those outages, the ones after which a write may have been applied: the store's own
 * round-trip deadline (the request was sent; Postgres may commit it after we gave up), a
 * connection reset or dropped mid-statement (fetch failed with a socket error, Neon's
 * "error communicating with the server", a terminated connection or a server shutting down
 * under a running statement). Refused connections, unknown hosts and the endpoint's own 5xx
 * ("cannot reach Postgres") are definite: the statement never ran.
 */
export function postgresMayHaveApplied(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = errorCode(error);
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|3D000|28P01|28000|53\d\d\d)/.test(code)) return false;
  if (/^Server error \(HTTP status 50[0234]\)/.test(error.message)) return false;
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const causeCode = cause ? errorCode(cause) + " " + errorCode(cause.cause) : "";
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(causeCode)) return false;
  return (
    /^(ETIMEDOUT|ECONNRESET|EPIPE|UND_ERR|57P0[1-3]|08\d\d\d)/.test(code) ||
    /ECONNRESET|EPIPE|UND_ERR_SOCKET|ETIMEDOUT/.test(causeCode) ||
    /terminated|fetch failed|socket|^error communicating with the server/i.test(error.message)
  );
}
