import { createHash } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { isCustomerId, isLoginId, isSessionKey } from "./keys.js";
import { lifetimeFor } from "./lifetime.js";
import type { EngineSettings } from "./options.js";

/**
 * What the sealed `session_<hash>` cookie (and a Cart-Token) carries: who, never what.
 * It changes only at issue, renewal, first write, login, logout and secret rotation; a
 * cart change never re-seals it (the cart cookies are plain, see next/cookies.ts).
 */
export interface SessionCookie {
  /** The opaque session key: the row it names. */
  key: string;
  /** The logged-in customer, or null for a guest. */
  customerId: string | null;
  /** This login's id (customers only): logout removes it from the row, revoking every copy. */
  loginId: string | null;
  /** Unix seconds: the session ends here. */
  expiration: number;
  /** Unix seconds: a use after this renews the session. */
  expiring: number;
  /** A row exists for this key: when false, reading a guest's session needs no query. */
  persisted: boolean;
}

type SealSettings = Pick<EngineSettings, "passwords" | "lifetimes">;

/*
 * iron's exact form, as iron-session writes it: Fe26.2*<password id>*<salt>*<iv>*<ciphertext>
 * *<expiry ms>*<hmac salt>*<hmac>~2. Anything else, including a valid seal with something
 * appended (`seal~junk`, `seal+seal`), is refused before any crypto and never cached.
 */
const SEAL_FORM = /^Fe26\.2\*\d{1,12}\*[0-9a-f]{64}\*[A-Za-z0-9_-]{22}\*[A-Za-z0-9_-]{1,2800}\*\d{0,16}\*[0-9a-f]{64}\*[A-Za-z0-9_-]{43}~2$/;
/** Base64url has spare bits in its last character: only the canonical spelling of each part is accepted. */
function canonicalBase64url(part: string | undefined): boolean {
  return part !== undefined && Buffer.from(part, "base64url").toString("base64url") === part;
}

/** One accepted spelling per seal: the exact form, with canonical base64url parts (iv, ciphertext, hmac). */
function isExactSeal(sealed: string): boolean {
  if (!SEAL_FORM.test(sealed)) return false;
  const parts = sealed.slice(0, -2).split("*");
  return canonicalBase64url(parts[3]) && canonicalBase64url(parts[4]) && canonicalBase64url(parts[7]);
}

/** Leeway so a cookie is not refused by iron's own ttl a moment before our expiration check. */
const SKEW_SECONDS = 60;

/** A stable numeric id per password, so rotation never renumbers older passwords. */
function passwordId(password: string): string {
  return String(parseInt(createHash("sha256").update(password).digest("hex").slice(0, 8), 16));
}

const passwordMaps = new WeakMap<readonly string[], { sealId: string; seal: Record<string, string>; unseal: Record<string, string> }>();

function passwordMapsFor(passwords: readonly string[]) {
  let maps = passwordMaps.get(passwords);
  if (!maps) {
    const first = passwords[0];
    if (first === undefined) throw new Error("no session password configured");
    const sealId = passwordId(first);
    maps = { sealId, seal: { [sealId]: first }, unseal: Object.fromEntries(passwords.map((p) => [passwordId(p), p])) };
    passwordMaps.set(passwords, maps);
  }
  return maps;
}

export function newGuestCookie(settings: SealSettings, key: string, now: number): SessionCookie {
  const lifetime = lifetimeFor(settings, null);
  return { key, customerId: null, loginId: null, expiration: now + lifetime.expiration, expiring: now + lifetime.expiring, persisted: false };
}

export function newCustomerCookie(settings: SealSettings, key: string, customerId: string, loginId: string, now: number): SessionCookie {
  const lifetime = lifetimeFor(settings, customerId);
  return { key, customerId, loginId, expiration: now + lifetime.expiration, expiring: now + lifetime.expiring, persisted: true };
}

/** A session used after its threshold is extended by a full expiration (WooCommerce's rule). */
export function renewIfDue(settings: SealSettings, cookie: SessionCookie, now: number): SessionCookie | null {
  if (now < cookie.expiring) return null;
  const lifetime = lifetimeFor(settings, cookie.customerId);
  return { ...cookie, expiration: now + lifetime.expiration, expiring: now + lifetime.expiring };
}

export function sameCookie(a: SessionCookie, b: SessionCookie): boolean {
  return (
    a.key === b.key &&
    a.customerId === b.customerId &&
    a.loginId === b.loginId &&
    a.expiration === b.expiration &&
    a.expiring === b.expiring &&
    a.persisted === b.persisted
  );
}

// Cookie states are never mutated, so a state sealed once (or received sealed) is never
// sealed again: its Set-Cookie and its Cart-Token share one seal (~0.4 ms of Web Crypto).
const sealedStates = new WeakMap<SessionCookie, { passwords: readonly string[]; sealed: string }>();

/** Records that `cookie` is already sealed as `sealed` (e.g. the value the browser sent). */
export function rememberSeal(settings: SealSettings, cookie: SessionCookie, sealed: string): void {
  sealedStates.set(cookie, { passwords: settings.passwords, sealed });
}

/** The seal of `cookie` if it is already known (sent by the client or sealed earlier). */
export function knownSeal(settings: SealSettings, cookie: SessionCookie): string | undefined {
  const known = sealedStates.get(cookie);
  return known && known.passwords === settings.passwords && isSealedWithCurrentPassword(settings, known.sealed) ? known.sealed : undefined;
}

export async function sealSessionCookie(settings: SealSettings, cookie: SessionCookie, now: number): Promise<string> {
  const known = knownSeal(settings, cookie);
  if (known !== undefined) return known;
  const ttl = Math.max(1, cookie.expiration - now) + SKEW_SECONDS;
  const payload = { k: cookie.key, c: cookie.customerId, l: cookie.loginId, e: cookie.expiration, r: cookie.expiring, p: cookie.persisted };
  const sealed = await sealData(payload, { password: passwordMapsFor(settings.passwords).seal, ttl });
  remember(cacheFor(settings), sealed, cookie);
  rememberSeal(settings, cookie, sealed);
  return sealed;
}

function cookieFromPayload(value: unknown): SessionCookie | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const customer = v.c === null ? null : isCustomerId(v.c) ? v.c : undefined;
  const login = v.l === null ? null : isLoginId(v.l) ? v.l : undefined;
  if (!isSessionKey(v.k) || customer === undefined || login === undefined) return null;
  // A customer's cookie always names its login; a guest's never does.
  if ((customer === null) !== (login === null)) return null;
  if (!Number.isSafeInteger(v.e) || !Number.isSafeInteger(v.r) || typeof v.p !== "boolean") return null;
  return { key: v.k, customerId: customer, loginId: login, expiration: v.e as number, expiring: v.r as number, persisted: v.p };
}

/*
 * Unsealing costs ~0.4 ms of CPU; a returning visitor sends the same cookie string on every
 * request, so a bounded cache keyed by that exact string skips the crypto. The expiry inside
 * is still checked on every read, and only exact seals that unsealed are ever cached.
 */
const CACHE_LIMIT = 10_000;
// One cache per password list, so a changed secret never honours a cookie it cannot unseal.
const caches = new WeakMap<readonly string[], Map<string, SessionCookie>>();

function cacheFor(settings: SealSettings): Map<string, SessionCookie> {
  let cache = caches.get(settings.passwords);
  if (!cache) {
    cache = new Map();
    caches.set(settings.passwords, cache);
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
export async function unsealSessionCookie(settings: SealSettings, sealed: string, now: number): Promise<SessionCookie | null> {
  const unsealed = cacheFor(settings);
  // The cache holds only exact seals that unsealed, so a hit needs no shape check.
  let cookie = unsealed.get(sealed);
  if (cookie === undefined) {
    if (!isExactSeal(sealed)) return null;
    let data: unknown;
    try {
      data = await unsealData(sealed, { password: passwordMapsFor(settings.passwords).unseal, ttl: 0 });
    } catch {
      return null;
    }
    const parsed = cookieFromPayload(data);
    if (!parsed) return null;
    cookie = parsed;
    remember(unsealed, sealed, cookie);
    rememberSeal(settings, cookie, sealed);
  }
  if (cookie.expiration <= now) {
    unsealed.delete(sealed);
    return null;
  }
  return cookie;
}

/** Whether a seal was made with the current (first) password; older ones get re-sealed. */
export function isSealedWithCurrentPassword(settings: SealSettings, sealed: string): boolean {
  return sealed.startsWith(`Fe26.2*${passwordMapsFor(settings.passwords).sealId}*`);
}

/** @internal Tests measure the crypto, not the cache. */
export function clearUnsealCache(settings: SealSettings): void {
  cacheFor(settings).clear();
}
