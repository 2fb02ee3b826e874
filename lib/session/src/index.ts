/**
 * `cartsession`: what every app needs besides its framework binding — the options and their
 * types, the session's types, the cart helpers and the errors. The App Router binding is
 * `cartsession/next`; stores are `cartsession/sqlite`, `/postgres` and `/redis`; adapter
 * authors get `cartsession/store`; tests get `cartsession/testing` and `cartsession/contract`.
 */
export { optionsFromEnv } from "./env.js";
export type { EnvOptions } from "./env.js";
export type { EngineOptions, IssueMode, LifetimeContext, GuestToCustomerEvent, RateLimitRule } from "./options.js";
export type { MergePolicy, MergeContext } from "./merge.js";
export type { Clock } from "./clock.js";

export type { Session, SessionData, SaveOutcome } from "./session.js";
export type { SessionCookie } from "./cookie.js";

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

export { SessionError, OptionsError, errorStatus, isSessionError, isStoreUnavailable } from "./errors.js";
export type { SessionErrorCode } from "./errors.js";
