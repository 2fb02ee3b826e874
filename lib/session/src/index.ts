/**
 * `cartsession`: the framework-free core. Most apps use `cartsession/next`, which wraps this
 * engine for the App Router; the CLI, tests and other frameworks use it directly.
 */
export { createSessionEngine } from "./engine.js";
export type { SessionEngine, SessionOwner } from "./engine.js";
export type { LoginResult } from "./login.js";
export { Session } from "./session.js";
export type { SessionData, SaveOutcome } from "./session.js";
export type { SessionCookie } from "./cookie.js";
export type { ResolvedIdentity, IdentitySource } from "./identity.js";
export type { EngineOptions, EngineSettings, IssueMode, LifetimeContext, GuestToCustomerEvent, RateLimitRule } from "./options.js";
export type { RateLimitResult } from "./rate-limit.js";
export { optionsFromEnv, MIN_CRON_SECRET_LENGTH } from "./env.js";
export type { EnvOptions, FromEnvSettings } from "./env.js";
export type { MergePolicy, MergeContext } from "./merge.js";
export {
  MAX_LINE_QUANTITY,
  addLine,
  cartLines,
  isCartLine,
  mergeCartLines,
  removeLine,
  setLineQuantity,
  summarizeCart,
} from "./cart.js";
export type { CartLine, CartSummary } from "./cart.js";
export { SessionError, OptionsError, errorStatus, isSessionError } from "./errors.js";
export type { SessionErrorCode } from "./errors.js";
export { systemClock } from "./clock.js";
export type { Clock } from "./clock.js";
export { isCustomerId, isSessionKey, MAX_CUSTOMER_ID_LENGTH } from "./keys.js";
export { supports } from "./store/port.js";
export { guardedSqlClient, isStoreUnavailable } from "./store/resilient.js";
export type * from "./store/port.js";
export type { CleanupReport } from "./cleanup.js";
export type { HealthReport } from "./health.js";
export type { SessionExport } from "./gdpr.js";
export type { ValueCodec } from "./codec.js";
export type { SqlClient, SqlParam, SqlRow } from "./sql/client.js";
