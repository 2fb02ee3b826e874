import { createHash } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import type { SessionConfig } from "./config";
import { isValidSessionKey } from "./keys";
import { lifetimeFor } from "./lifetime";

/** What the sealed `session_<hash>` cookie (and a Cart-Token) carries. */
export interface SessionCookie {
  customerId: string;
  /** Unix seconds: the session ends here. */
  expiration: number;
  /** Unix seconds: a use after this renews the session. */
  expiring: number;
  /** Units in the cart, so `proxy.ts` can keep `items_in_cart` right without a query. */
  items: number;
  /** Digest of the cart contents ("" when empty), mirrored into the `cart_hash` cookie. */
  cartHash: string;
  /** A row exists for this key: when false, reading the session needs no query. */
  persisted: boolean;
}

/** A real seal is ~300 characters; anything far larger is refused before any crypto. */
const MAX_SEAL_LENGTH = 4096;
const SKEW_SECONDS = 60;

/** A stable numeric id per password, so rotation never renumbers older passwords. */
function passwordId(password: string): string {
  return String(parseInt(createHash("sha256").update(password).digest("hex").slice(0, 8), 16));
}

const passwordMaps = new WeakMap<readonly string[], { seal: Record<string, string>; unseal: Record<string, string> }>();

function passwordMapsFor(passwords: readonly string[]) {
  let maps = passwordMaps.get(passwords);
  if (!maps) {
    const first = passwords[0];
    if (first === undefined) throw new Error("no session password configured");
    maps = {
      seal: { [passwordId(first)]: first },
      unseal: Object.fromEntries(passwords.map((p) => [passwordId(p), p])),
    };
    passwordMaps.set(passwords, maps);
  }
  return maps;
}

export function newSessionCookie(config: SessionConfig, customerId: string, now: number): SessionCookie {
  const lifetime = lifetimeFor(config, customerId);
  return {
    customerId,
    expiration: now + lifetime.expiration,
    expiring: now + lifetime.expiring,
    items: 0,
    cartHash: "",
    persisted: false,
  };
}

/** A session used after its threshold is extended by a full expiration (WooCommerce's rule). */
export function renewIfDue(config: SessionConfig, cookie: SessionCookie, now: number): SessionCookie | null {
  if (now < cookie.expiring) return null;
  const lifetime = lifetimeFor(config, cookie.customerId);
  return { ...cookie, expiration: now + lifetime.expiration, expiring: now + lifetime.expiring };
}

export function sameCookie(a: SessionCookie, b: SessionCookie): boolean {
  return (
    a.customerId === b.customerId &&
    a.expiration === b.expiration &&
    a.expiring === b.expiring &&
    a.items === b.items &&
    a.cartHash === b.cartHash &&
    a.persisted === b.persisted
  );
}

// Cookie states are never mutated, so a state sealed once this request (the Set-Cookie) is
// not sealed again for its Cart-Token: sealing costs ~0.5 ms.
const sealedStates = new WeakMap<SessionCookie, { passwords: readonly string[]; sealed: string }>();

/** Records that `cookie` is already sealed as `sealed` (e.g. the value the browser sent). */
export function rememberSeal(config: SessionConfig, cookie: SessionCookie, sealed: string): void {
  sealedStates.set(cookie, { passwords: config.passwords, sealed });
}

export async function sealSessionCookie(config: SessionConfig, cookie: SessionCookie, now: number): Promise<string> {
  const known = sealedStates.get(cookie);
  if (known && known.passwords === config.passwords) return known.sealed;
  const ttl = Math.max(1, cookie.expiration - now) + SKEW_SECONDS;
  const sealed = await sealData({ ...cookie }, { password: passwordMapsFor(config.passwords).seal, ttl });
  remember(cacheFor(config), sealed, cookie);
  rememberSeal(config, cookie, sealed);
  return sealed;
}

function isSessionCookie(value: unknown): value is SessionCookie {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    isValidSessionKey(v.customerId) &&
    Number.isSafeInteger(v.expiration) &&
    Number.isSafeInteger(v.expiring) &&
    Number.isSafeInteger(v.items) &&
    (v.items as number) >= 0 &&
    typeof v.cartHash === "string" &&
    /^[0-9a-f]{0,64}$/.test(v.cartHash) &&
    typeof v.persisted === "boolean"
  );
}

/*
 * Unsealing costs ~0.5 ms of CPU (six Web Crypto calls); a returning visitor sends the same
 * cookie string on every request, so a bounded cache keyed by that exact string skips the
 * crypto. The expiry inside is still checked on every read.
 */
const CACHE_LIMIT = 10_000;
// One cache per password list, so a changed secret never honours a cookie it cannot unseal.
const caches = new WeakMap<readonly string[], Map<string, SessionCookie>>();

function cacheFor(config: SessionConfig): Map<string, SessionCookie> {
  let cache = caches.get(config.passwords);
  if (!cache) {
    cache = new Map();
    caches.set(config.passwords, cache);
  }
  return cache;
}

function remember(unsealed: Map<string, SessionCookie>, sealed: string, cookie: SessionCookie): void {
  if (unsealed.size >= CACHE_LIMIT) {
    const oldest = unsealed.keys().next().value;
    if (oldest !== undefined) unsealed.delete(oldest);
  }
  unsealed.set(sealed, cookie);
}

/**
 * The cookie's contents, or null when it is forged, tampered, malformed, sealed with an
 * unknown password or past its expiration. Null means "treat as a fresh guest"; never throws.
 */
export async function unsealSessionCookie(config: SessionConfig, sealed: string, now: number): Promise<SessionCookie | null> {
  if (sealed.length === 0 || sealed.length > MAX_SEAL_LENGTH) return null;
  const unsealed = cacheFor(config);
  let cookie = unsealed.get(sealed);
  if (cookie === undefined) {
    let data: unknown;
    try {
      data = await unsealData(sealed, { password: passwordMapsFor(config.passwords).unseal, ttl: 0 });
    } catch {
      return null;
    }
    if (!isSessionCookie(data)) return null;
    cookie = {
      customerId: data.customerId,
      expiration: data.expiration,
      expiring: data.expiring,
      items: data.items,
      cartHash: data.cartHash,
      persisted: data.persisted,
    };
    remember(unsealed, sealed, cookie);
  }
  if (cookie.expiration <= now) {
    unsealed.delete(sealed);
    return null;
  }
  return cookie;
}

/** Whether a seal was made with the current (first) password; older ones get re-sealed. */
export function isSealedWithCurrentPassword(config: SessionConfig, sealed: string): boolean {
  const id = Object.keys(passwordMapsFor(config.passwords).seal)[0];
  // iron's format: Fe26.2*<password id>*...
  return sealed.startsWith(`Fe26.2*${id}*`);
}

export interface CookieAttributes {
  httpOnly: boolean;
  sameSite: "lax";
  path: string;
  secure: boolean;
  maxAge: number;
}

export function sessionCookieAttributes(config: SessionConfig, cookie: SessionCookie, now: number): CookieAttributes {
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: config.secureCookies,
    maxAge: Math.max(0, cookie.expiration - now),
  };
}

export function clearUnsealCacheForTesting(config: SessionConfig): void {
  cacheFor(config).clear();
}
