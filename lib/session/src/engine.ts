import { runScheduledCleanup, type CleanupReport } from "./cleanup.js";
import { sealSessionCookie, type SessionCookie } from "./cookie.js";
import { eraseSessionData, exportSessionData, type SessionExport } from "./gdpr.js";
import { deriveKeys } from "./derive.js";
import { checkHealth, sharedHealth, type HealthReport } from "./health.js";
import { resolveIdentity, type ResolvedIdentity } from "./identity.js";
import { logIn, logOut, logOutEverywhere, type LoginResult } from "./login.js";
import { resolveSettings, type EngineOptions, type EngineSettings, type RateLimitRule } from "./options.js";
import { clearAttempts, countAttempt, rateLimited, type RateLimitResult } from "./rate-limit.js";
import { StoredSession, type OpenOptions, type Session, type SessionContext, type SessionData } from "./session.js";
import type { CleanupRun, SessionStore } from "./store/port.js";
import { lazyStore, onceOpened } from "./store/resilient.js";
import { KeyedLock, limitedStore, StoreLimiter } from "./store/limiter.js";
import { SPAN, Telemetry } from "./telemetry.js";

/** Whose session: a customer id (from the app's auth) or a session key (`t_…`, `c_…`). */
export type SessionOwner = { customerId: string } | { sessionKey: string };

/**
 * The engine, framework-free: everything the Next.js binding and the CLI do goes through
 * these methods. Internal to the package: apps use `createCartSessions` (`cartsession/next`),
 * which never hands out the settings (the secrets are among them).
 */
export interface SessionEngine {
  readonly settings: EngineSettings;
  /** The store's core methods, opened on first use, outages reported as `store_unavailable`, at most `limits.storeConcurrency` at once. */
  readonly store: SessionStore;
  /** The queue in front of the store (`limits.storeConcurrency`): its load and peak. */
  readonly limiter: StoreLimiter;
  /** The opened store with its optional capabilities (check them with `supports`). */
  openStore(): Promise<SessionStore>;
  /** Who a request is, from its cookie value and/or Cart-Token header. */
  identify(input: { cookie?: string | undefined; cartToken?: string | null | undefined }): Promise<ResolvedIdentity>;
  /** The session a cookie state names: read-only for rendering, writable for actions and handlers. */
  open<T extends SessionData = SessionData>(cookie: SessionCookie, options: OpenOptions): Promise<Session<T>>;
  /**
   * Counts one attempt of `name` (e.g. "login-ip") by `key` (an address, an email) against
   * `rule`, in the store, so the count holds across instances; keys are stored hashed.
   * Allows everything when the store has no `rateLimit` capability.
   */
  rateLimit(name: string, key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** Forgets the attempts of `name` by `key` (e.g. failed logins, after a successful one). */
  clearRateLimit(name: string, key: string): Promise<void>;
  /** The sealed form of a cookie state (the cookie value, and the Cart-Token). Never seals one state twice. */
  seal(cookie: SessionCookie): Promise<string>;
  /** A customer authenticated: move the visitor's guest session to them; returns their new cookie state and cart. */
  logIn(current: SessionCookie, customerId: string): Promise<LoginResult>;
  /** End this login (or, with `everywhere`, all of the customer's); returns the new guest's cookie state. */
  logOut(current: SessionCookie, options?: { everywhere?: boolean }): Promise<SessionCookie>;
  /** Revoke every login of a customer (their data stays for the next login when the cart is persistent). */
  logOutEverywhere(customerId: string): Promise<boolean>;
  /** Deletes expired rows (and purges idle ones when configured), within the time budget. */
  cleanup(source?: CleanupRun["source"]): Promise<CleanupReport>;
  /** GDPR access: the stored session, decoded. */
  exportSession(owner: SessionOwner): Promise<SessionExport | null>;
  /** GDPR erasure: deletes the stored session. */
  eraseSession(owner: SessionOwner): Promise<boolean>;
  /** Constant-time health probe. */
  health(): Promise<HealthReport>;
  /** 32-byte keys for an app's own purpose, derived from the secrets (newest first). */
  deriveKeys(purpose: string): Uint8Array[];
  /** A stored `session_value`, decoded (decrypted when encryption at rest is on). */
  decodeValue(value: string, sessionKey: string): SessionData;
  /** Closes connections the store opened itself. */
  close(): Promise<void>;
  /** OpenTelemetry spans and metrics (inert until the app registers a provider). */
  readonly telemetry: Telemetry;
}

export function createSessionEngine(options: EngineOptions): SessionEngine {
  const { store: storeOption, ...rest } = options;
  const settings = resolveSettings(rest);
  // The opened store's own name (a store given as a function is only named once opened).
  let storeName = typeof storeOption === "function" ? undefined : storeOption.name;
  const open = onceOpened(async () => {
    const opened = await (typeof storeOption === "function" ? storeOption() : storeOption);
    storeName = opened.name;
    return opened;
  });
  const limiter = new StoreLimiter(settings.storeConcurrency, settings.storeQueueWaitMs);
  const core = lazyStore(storeName ?? "store", open);
  const store = limitedStore(core, limiter);
  const now = () => settings.clock.nowSeconds();
  const opened = open;
  const secret = settings.passwords[0] as string;
  const telemetry = new Telemetry(settings.telemetry.enabled, {
    storeName: () => storeName,
    hashKey: settings.telemetry.identifiers === "hashed" ? deriveKeys(settings.passwords, "cartsession-telemetry")[0] : undefined,
  });
  const rateLimit = async (name: string, key: string, rule: RateLimitRule) => {
    const result = await limiter.run(async () => countAttempt(await opened(), secret, name, key, rule, now()));
    if (!result.allowed) telemetry.refused(name);
    return result;
  };
  const rule = settings.newSessionsPerAddress;
  const context: SessionContext = {
    store,
    urgentStore: limitedStore(core, limiter, true),
    saveLock: new KeyedLock(),
    settings,
    telemetry,
    admitNewSession: rule
      ? async (address) => {
          const result = await rateLimit("new-session", address, rule);
          if (!result.allowed) throw rateLimited(result, `Too many new sessions from this address; retry in ${result.retryAfter} seconds.`);
        }
      : undefined,
  };
  return {
    settings,
    store,
    limiter,
    telemetry,
    openStore: opened,
    identify: (input) => resolveIdentity(settings, now(), input),
    open: (cookie, openOptions) => StoredSession.open(context, cookie, openOptions),
    rateLimit,
    clearRateLimit: async (name, key) => clearAttempts(await opened(), secret, name, key),
    seal: (cookie) => sealSessionCookie(settings, cookie, now()),
    logIn: (current, customerId) =>
      telemetry.run(SPAN.login, async (scope) => {
        scope?.identify({ customerId });
        const result = await logIn(context, current, customerId);
        scope?.identify({ sessionKey: result.cookie.key });
        return result;
      }),
    logOut: (current, logoutOptions) =>
      telemetry.run(SPAN.logout, (scope) => {
        scope?.set("cartsession.logout.everywhere", logoutOptions?.everywhere ?? false);
        scope?.identify({ sessionKey: current.key, customerId: current.customerId });
        return logOut(context, current, { everywhere: logoutOptions?.everywhere ?? false });
      }),
    logOutEverywhere: (customerId) =>
      telemetry.run(SPAN.logoutEverywhere, async (scope) => {
        scope?.identify({ customerId });
        const found = await logOutEverywhere(context, customerId);
        scope?.set("cartsession.session.found", found);
        await settings.hooks.loggedOutEverywhere?.({ customerId });
        return found;
      }),
    cleanup: (source = "cron") =>
      telemetry.run(SPAN.cleanup, async (scope) => {
        const report = await runScheduledCleanup(await open(), settings, source);
        scope?.cleanup(report, source);
        return report;
      }),
    exportSession: (owner) => exportSessionData(store, settings, owner),
    eraseSession: (owner) =>
      telemetry.run(SPAN.erase, async (scope) => {
        scope?.set("cartsession.erase.by", "customerId" in owner ? "customer_id" : "session_key");
        scope?.identify("customerId" in owner ? { customerId: owner.customerId } : { sessionKey: owner.sessionKey });
        const erased = await eraseSessionData(store, owner);
        scope?.set("cartsession.session.found", erased !== null);
        await settings.hooks.sessionErased?.({
          customerId: "customerId" in owner ? owner.customerId : (erased?.customerId ?? null),
          sessionKey: erased?.sessionKey ?? ("sessionKey" in owner ? owner.sessionKey : null),
        });
        return erased !== null;
      }),
    health: sharedHealth(() =>
      telemetry.run(SPAN.probe, async (scope) => {
        const report = await checkHealth(open, settings.clock, (error) => telemetry.failed(scope, error, SPAN.probe));
        scope?.set("cartsession.health.status", report.status);
        return report;
      }),
    ),
    deriveKeys: (purpose) => deriveKeys(settings.passwords, purpose),
    decodeValue: (value, sessionKey) => settings.codec.decode(value, sessionKey),
    close: () => store.close?.() ?? Promise.resolve(),
  };
}
