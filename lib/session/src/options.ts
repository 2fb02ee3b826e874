import { createHash } from "node:crypto";
import { systemClock, type Clock } from "./clock.js";
import { createJsonCodec, type SessionData, type ValueCodec } from "./codec.js";
import { createEncryptedCodec, parseEncryptionKeys } from "./encryption.js";
import { OptionsError } from "./errors.js";
import type { MergePolicy } from "./merge.js";
import type { SessionStore } from "./store/port.js";

export type IssueMode = "eager" | "lazy";

/** Who a lifetime hook is asked about. */
export interface LifetimeContext {
  /** null for a guest. */
  customerId: string | null;
  isGuest: boolean;
}

/** Fired after a guest's session moved to a customer at login (WooCommerce-style event). */
export interface GuestToCustomerEvent {
  guestKey: string;
  customerId: string;
  /** The customer's session key after the move. */
  sessionKey: string;
}

/** Everything the engine needs, handed over once by the app (the composition root). */
/** At most `limit` hits per `windowSeconds` (fixed windows). */
export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface EngineOptions {
  /** The store, or a function that opens it on first use (a browsing visitor never opens it). */
  store: SessionStore | (() => SessionStore | Promise<SessionStore>);
  /** iron-session passwords of at least 32 characters, newest first: the first seals, all unseal. */
  secrets: string | readonly string[];
  /** The shop's origin (`https://shop.example.com`): the cookie hash and the Secure flag. */
  siteUrl: string;
  cookie?: {
    /** Name prefix; the cookie is `<prefix><hash of siteUrl>`. Default `session_`. */
    prefix?: string;
    /** Prepend `__Host-` on https (default true): the browser then refuses it from subdomains or http. */
    hostPrefix?: boolean;
  };
  lifetimes?: {
    /** Seconds. Default 172,800 (48 h) and 169,200 (renew after 47 h). */
    guest?: { expiration?: number; expiring?: number };
    /** Seconds. Default 604,800 (7 days); renewal keeps the guest's window before the end. */
    customer?: { expiration?: number };
    /** WooCommerce's `wc_session_expiration` filter: receives the default, returns seconds. */
    expiration?: (seconds: number, context: LifetimeContext) => number;
    /** WooCommerce's `wc_session_expiring` filter. */
    expiring?: (seconds: number, context: LifetimeContext) => number;
  };
  /** `eager` (default): the proxy issues a cookie on the first personal page view; `lazy`: on the first write. */
  issue?: IssueMode;
  limits?: {
    /** Largest encoded session value a save accepts, bytes (default 102,400). */
    maxValueBytes?: number;
    /**
     * New sessions one client address may create per window (default 100 per hour); beyond
     * it a first write answers 429 (`rate_limited`). `false` turns the limit off. Needs a
     * store with the `rateLimit` capability and a client address (see the Next binding's
     * `clientAddress` option).
     */
    newSessionsPerAddress?: RateLimitRule | false;
    /**
     * Store calls one engine (one app instance) runs at once (default 24); more wait in a
     * queue, first come first served, so a burst on a freshly started instance never opens
     * hundreds of database connections. A call that waited `storeQueueWaitMs` without a
     * turn fails with 503 `store_unavailable` and Retry-After (it was never sent).
     */
    storeConcurrency?: number;
    /** Milliseconds a store call may wait for a turn (default 10,000: the Postgres store's round-trip deadline). */
    storeQueueWaitMs?: number;
  };
  /** AES-256-GCM keys (64 hex characters or base64 of 32 bytes), newest first: encrypts `session_value` at rest. */
  encryptionKeys?: readonly string[];
  cart?: {
    /** The session key cart lines are stored under (default `cart`). */
    key?: string;
  };
  login?: {
    /** How a guest's data meets the customer's at login (default `merge`). */
    merge?: MergePolicy;
    /** Keep the customer's cart after logout for their next login (default true, like WooCommerce). */
    persistentCart?: boolean;
    /** Most logins (devices) one customer keeps at once; the oldest is logged out beyond it (default 20). */
    maxDevices?: number;
  };
  cleanup?: {
    /** Most rows one DELETE removes (default 5,000). */
    batchSize?: number;
    /** Stop starting batches after this many ms (default 10,000). */
    budgetMs?: number;
    /** Also delete rows with no activity for this many days, expired or not (default off). */
    purgeAfterDays?: number;
  };
  hooks?: {
    guestSessionToCustomer?: (event: GuestToCustomerEvent) => void | Promise<void>;
    /**
     * After a GDPR erasure (`eraseSession`, from the app, its admin or `cartsession erase`):
     * delete what the app keeps beside the session (e.g. links to its cart). Runs whether or
     * not a stored session was found; names whichever of the two is known.
     */
    sessionErased?: (event: { customerId: string | null; sessionKey: string | null }) => void | Promise<void>;
    /** After every login of a customer was revoked (`logOutEverywhere`, from the app or `cartsession logout-everywhere`). */
    loggedOutEverywhere?: (event: { customerId: string }) => void | Promise<void>;
  };
  clock?: Clock;
  /** Where warnings and decode errors go (default console.error). */
  log?: (message: string) => void;
  /**
   * OpenTelemetry spans and metrics (docs/observability.md). On by default, and free until
   * the app registers a tracer or meter provider (e.g. `registerOTel` from `@vercel/otel`
   * in instrumentation.ts) with `@opentelemetry/api` installed. `false` turns them off.
   * No session key, customer id, email or cart content is recorded unless
   * `identifiers: "hashed"` (then only keyed hashes, on spans).
   */
  telemetry?:
    | boolean
    | {
        /** `false` turns every span and metric off, even with a provider registered (default true). */
        enabled?: boolean;
        /**
         * `"none"` (default): no identifier at all. `"hashed"`: spans (never metrics) also
         * carry `cartsession.session.key_hash` and `cartsession.customer.id_hash`, an
         * HMAC-SHA256 keyed with a key derived from the secrets (16 hex characters).
         */
        identifiers?: "none" | "hashed";
      };
}

/** The validated options the engine runs on. */
export interface EngineSettings {
  siteUrl: string;
  secure: boolean;
  /** 32 hex characters derived from siteUrl (WordPress's COOKIEHASH). */
  cookieHash: string;
  cookieName: string;
  passwords: readonly string[];
  lifetimes: {
    guestExpiration: number;
    guestExpiring: number;
    customerExpiration: number;
    customerExpiring: number;
    expirationHook: ((seconds: number, context: LifetimeContext) => number) | undefined;
    expiringHook: ((seconds: number, context: LifetimeContext) => number) | undefined;
  };
  issue: IssueMode;
  maxValueBytes: number;
  newSessionsPerAddress: RateLimitRule | null;
  storeConcurrency: number;
  storeQueueWaitMs: number;
  codec: ValueCodec;
  cartKey: string;
  merge: MergePolicy;
  persistentCart: boolean;
  maxDevices: number;
  cleanup: { batchSize: number; budgetMs: number; purgeAfterDays: number | undefined };
  hooks: {
    guestSessionToCustomer: ((event: GuestToCustomerEvent) => void | Promise<void>) | undefined;
    sessionErased: ((event: { customerId: string | null; sessionKey: string | null }) => void | Promise<void>) | undefined;
    loggedOutEverywhere: ((event: { customerId: string }) => void | Promise<void>) | undefined;
  };
  clock: Clock;
  log: (message: string) => void;
  telemetry: { enabled: boolean; identifiers: "none" | "hashed" };
}

/** Option names used in error messages; `optionsFromEnv` swaps in the variable names. */
export interface OptionNames {
  secrets: string;
  siteUrl: string;
  cookiePrefix: string;
  guestExpiration: string;
  guestExpiring: string;
  customerExpiration: string;
  issue: string;
  maxValueBytes: string;
  newSessionsPerAddress: string;
  storeConcurrency: string;
  storeQueueWaitMs: string;
  encryptionKeys: string;
  cleanupBatchSize: string;
  cleanupBudgetMs: string;
  purgeAfterDays: string;
  maxDevices: string;
  merge: string;
}

export const OPTION_NAMES: OptionNames = {
  secrets: "secrets",
  siteUrl: "siteUrl",
  cookiePrefix: "cookie.prefix",
  guestExpiration: "lifetimes.guest.expiration",
  guestExpiring: "lifetimes.guest.expiring",
  customerExpiration: "lifetimes.customer.expiration",
  issue: "issue",
  maxValueBytes: "limits.maxValueBytes",
  newSessionsPerAddress: "limits.newSessionsPerAddress",
  storeConcurrency: "limits.storeConcurrency",
  storeQueueWaitMs: "limits.storeQueueWaitMs",
  encryptionKeys: "encryptionKeys",
  cleanupBatchSize: "cleanup.batchSize",
  cleanupBudgetMs: "cleanup.budgetMs",
  purgeAfterDays: "cleanup.purgeAfterDays",
  maxDevices: "login.maxDevices",
  merge: "login.merge",
};

/** Renewal must stay possible and a typo must not make every cookie expire at once. */
export const MIN_LIFETIME_SECONDS = 60;
export const MIN_SECRET_LENGTH = 32;
/** Fewest different characters a secret may use (a repeated character is no secret). */
export const MIN_SECRET_DISTINCT_CHARACTERS = 6;

function wholeNumber(value: number | undefined, fallback: number, name: string, min: number, max: number, unit: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value)) throw new OptionsError(name, `must be a whole number of ${unit}, got ${String(value)}`);
  if (value < min || value > max) throw new OptionsError(name, `must be between ${min} and ${max} ${unit}, got ${value}`);
  return value;
}

function passwordsFrom(secrets: string | readonly string[], name: string): string[] {
  const list = (typeof secrets === "string" ? secrets.split(",") : [...secrets]).map((p) => p.trim()).filter((p) => p.length > 0);
  if (list.length === 0) throw new OptionsError(name, "holds no password");
  list.forEach((p, i) => {
    if (p.length < MIN_SECRET_LENGTH) {
      throw new OptionsError(name, `password ${i + 1} is ${p.length} characters; each needs at least ${MIN_SECRET_LENGTH}`);
    }
    // Length alone lets "a" x 32 through: a password of a few repeated characters is a
    // placeholder, not a secret (a generated one, \`openssl rand -hex 32\`, has 16).
    const distinct = new Set(p).size;
    if (distinct < MIN_SECRET_DISTINCT_CHARACTERS) {
      throw new OptionsError(name, `password ${i + 1} uses only ${distinct} different character${distinct === 1 ? "" : "s"}; each needs at least ${MIN_SECRET_DISTINCT_CHARACTERS} (e.g. \`openssl rand -hex 32\`)`);
    }
  });
  return list;
}

export function cookieHashFor(siteUrl: string): string {
  return createHash("md5").update(siteUrl).digest("hex");
}

const MERGE_POLICIES = new Set(["merge", "keep-guest", "keep-customer"]);
const ONE_YEAR = 31_536_000;

/** Validates options and fills in the defaults; every error names the option (or variable). */
export function resolveSettings(options: Omit<EngineOptions, "store">, names: OptionNames = OPTION_NAMES): EngineSettings {
  let site: URL;
  try {
    site = new URL(options.siteUrl);
  } catch {
    throw new OptionsError(names.siteUrl, `must be an absolute URL like https://shop.example.com, got "${options.siteUrl}"`);
  }
  if (site.protocol !== "http:" && site.protocol !== "https:") {
    throw new OptionsError(names.siteUrl, `must use http or https, got "${site.protocol}"`);
  }
  const secure = site.protocol === "https:";
  const prefix = options.cookie?.prefix ?? "session_";
  if (!/^[A-Za-z0-9_-]+$/.test(prefix) || prefix.startsWith("__")) {
    throw new OptionsError(names.cookiePrefix, `may hold only letters, digits, "_" and "-" and may not start with "__", got "${prefix}"`);
  }
  const cookieHash = cookieHashFor(site.origin);
  const hostPrefix = secure && options.cookie?.hostPrefix !== false ? "__Host-" : "";

  const guestExpiration = wholeNumber(options.lifetimes?.guest?.expiration, 172_800, names.guestExpiration, MIN_LIFETIME_SECONDS, ONE_YEAR, "seconds");
  const guestExpiring = wholeNumber(options.lifetimes?.guest?.expiring, 169_200, names.guestExpiring, MIN_LIFETIME_SECONDS, ONE_YEAR, "seconds");
  if (guestExpiring >= guestExpiration) {
    throw new OptionsError(names.guestExpiring, `(${guestExpiring}) must be less than ${names.guestExpiration} (${guestExpiration})`);
  }
  const window = guestExpiration - guestExpiring;
  const customerExpiration = wholeNumber(options.lifetimes?.customer?.expiration, 604_800, names.customerExpiration, MIN_LIFETIME_SECONDS, 10 * ONE_YEAR, "seconds");
  if (customerExpiration <= window) {
    throw new OptionsError(names.customerExpiration, `must exceed the renewal window of ${window} seconds (${names.guestExpiration} minus ${names.guestExpiring})`);
  }

  const issue = options.issue ?? "eager";
  if (issue !== "eager" && issue !== "lazy") throw new OptionsError(names.issue, `must be "eager" or "lazy", got "${String(issue)}"`);

  const maxValueBytes = wholeNumber(options.limits?.maxValueBytes, 102_400, names.maxValueBytes, 1_024, 16_777_216, "bytes");
  const sessionsRule = options.limits?.newSessionsPerAddress;
  const newSessionsPerAddress =
    sessionsRule === false
      ? null
      : {
          limit: wholeNumber(sessionsRule?.limit, 100, `${names.newSessionsPerAddress}.limit`, 1, 1_000_000, "sessions"),
          windowSeconds: wholeNumber(sessionsRule?.windowSeconds, 3_600, `${names.newSessionsPerAddress}.windowSeconds`, 1, 86_400, "seconds"),
        };
  const storeConcurrency = wholeNumber(options.limits?.storeConcurrency, 24, names.storeConcurrency, 1, 10_000, "calls");
  const storeQueueWaitMs = wholeNumber(options.limits?.storeQueueWaitMs, 10_000, names.storeQueueWaitMs, 0, 600_000, "milliseconds");
  const log = options.log ?? ((message: string) => console.error(message));
  const codec = options.encryptionKeys && options.encryptionKeys.length > 0
    ? createEncryptedCodec(parseEncryptionKeys(options.encryptionKeys, names.encryptionKeys), log)
    : createJsonCodec(log);

  const merge = options.login?.merge ?? "merge";
  if (typeof merge !== "function" && !MERGE_POLICIES.has(merge)) {
    throw new OptionsError(names.merge, `must be "merge", "keep-guest", "keep-customer" or a function, got "${String(merge)}"`);
  }
  const maxDevices = wholeNumber(options.login?.maxDevices, 20, names.maxDevices, 1, 1_000, "devices");

  const batchSize = wholeNumber(options.cleanup?.batchSize, 5_000, names.cleanupBatchSize, 1, 1_000_000, "rows");
  const budgetMs = wholeNumber(options.cleanup?.budgetMs, 10_000, names.cleanupBudgetMs, 100, 3_600_000, "milliseconds");
  const purgeAfterDays = options.cleanup?.purgeAfterDays === undefined
    ? undefined
    : wholeNumber(options.cleanup.purgeAfterDays, 0, names.purgeAfterDays, 1, 36_500, "days");
  // The purge ignores expiry, so a shorter window would delete sessions that are still live.
  const longest = Math.max(guestExpiration, customerExpiration);
  if (purgeAfterDays !== undefined && purgeAfterDays * 86_400 <= longest) {
    throw new OptionsError(names.purgeAfterDays, `(${purgeAfterDays} days) must be longer than the longest session lifetime (${longest} s), or it would delete live sessions`);
  }

  const telemetryOption = typeof options.telemetry === "object" && options.telemetry !== null ? options.telemetry : { enabled: options.telemetry ?? true };
  const identifiers = telemetryOption.identifiers ?? "none";
  if (identifiers !== "none" && identifiers !== "hashed") {
    throw new OptionsError("telemetry.identifiers", `must be "none" or "hashed", got "${String(identifiers)}"`);
  }

  const cartKey = options.cart?.key ?? "cart";
  if (cartKey.length === 0) throw new OptionsError("cart.key", "may not be empty");

  return {
    siteUrl: site.origin,
    secure,
    cookieHash,
    cookieName: `${hostPrefix}${prefix}${cookieHash}`,
    passwords: passwordsFrom(options.secrets, names.secrets),
    lifetimes: {
      guestExpiration,
      guestExpiring,
      customerExpiration,
      customerExpiring: customerExpiration - window,
      expirationHook: options.lifetimes?.expiration,
      expiringHook: options.lifetimes?.expiring,
    },
    issue,
    maxValueBytes,
    newSessionsPerAddress,
    storeConcurrency,
    storeQueueWaitMs,
    codec,
    cartKey,
    merge,
    persistentCart: options.login?.persistentCart ?? true,
    maxDevices,
    cleanup: { batchSize, budgetMs, purgeAfterDays },
    hooks: {
      guestSessionToCustomer: options.hooks?.guestSessionToCustomer,
      sessionErased: options.hooks?.sessionErased,
      loggedOutEverywhere: options.hooks?.loggedOutEverywhere,
    },
    clock: options.clock ?? systemClock,
    log,
    telemetry: { enabled: telemetryOption.enabled !== false, identifiers },
  };
}

export type { SessionData };
