/**
 * `cartsession/next`: the engine for the Next.js App Router. Create it once in one wiring
 * file and import what you need from there:
 *
 *   // lib/sessions.ts
 *   export const sessions = createCartSessions(() => ({ ...optionsFromEnv(), store: () => sqliteStore({ file: ".data/sessions.db" }) }));
 *   // proxy.ts
 *   export const proxy = sessions.proxy;
 *   // a Server Component
 *   const session = await sessions.getSession();
 */
import { cookies, headers } from "next/headers.js";
import { connection } from "next/server.js";
import { cache } from "react";
import type { SessionCookie } from "../cookie.js";
import { createSessionEngine, type SessionEngine, type SessionOwner } from "../engine.js";
import type { EngineOptions, RateLimitRule } from "../options.js";
import type { RateLimitResult } from "../rate-limit.js";
import type { SessionData, Session } from "../session.js";
import type { CleanupReport } from "../cleanup.js";
import { PROBE_KEY, type HealthReport } from "../health.js";
import type { SessionExport } from "../gdpr.js";
import { CART_HASH_COOKIE, ITEMS_IN_CART_COOKIE, loggedInCookieName, readSentCookies, writeSessionCookie, writeStateCookies, type CookieJar, type SentCookies } from "./cookies.js";
import { parseCookieHeader, SetCookieList } from "./header-cookies.js";
import { errorResponse, hasBearerSecret, jsonResponse, NO_STORE, sessionErrorResponse } from "./http.js";
import { supports, type SessionStore } from "../store/port.js";
import { OptionsError, storeUnavailable } from "../errors.js";
import { registerEngine } from "./registry.js";
import { createProxyHandler, type ProxyOptions } from "./proxy.js";
import { clientAddressReader, parseTrustedProxy, resolveTrustedProxy, type TrustedProxy } from "./client-address.js";
import type { NextRequest, NextResponse } from "next/server.js";
import type { ResolvedIdentity } from "../identity.js";
import { actionClaim, requestAgain, requestClaim } from "../idempotency.js";
import { idempotentAction, idempotentRoute } from "../idempotent-request.js";

export type { ProxyOptions } from "./proxy.js";
export { sessionErrorResponse } from "./http.js";
export { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, IDEMPOTENCY_FIELD, newIdempotencyKey } from "../idempotency.js";
export type { ApiErrorBody } from "./http.js";
export { captureSocketAddresses, UNVERIFIED_ADDRESS, TRUSTED_PROXY_ENV, type TrustedProxy } from "./client-address.js";

/** The request header (and response header) a headless client's session travels in. */
export const CART_TOKEN_HEADER = "Cart-Token";

export interface CartSessionsOptions extends EngineOptions {
  proxy?: ProxyOptions;
  /**
   * Who writes the client address you can believe (env `SESSION_TRUSTED_PROXY`): `"vercel"`
   * (the default when `VERCEL=1`), `"cloudflare"`, the number of proxies in front that append
   * to `X-Forwarded-For` (1 behind nginx), or `"direct"` (nothing in front: the socket's
   * address). Unset elsewhere, no header is believed and every request shares one bucket,
   * with a warning (lib/session/src/next/client-address.ts).
   */
  trustedProxy?: TrustedProxy;
  /**
   * The client's address, for `limits.newSessionsPerAddress` and your own rate limits
   * (`sessions.rateLimit`), replacing `trustedProxy` when your deployment needs its own rule.
   */
  clientAddress?: (headers: Headers) => string | null;
  /** Bearer secret of the cleanup route (`Authorization: Bearer <secret>`); unset, the route refuses every call. */
  cronSecret?: string;
}

/** How `withSession` guards an action against double submits and retries. */
export interface WithSessionOptions {
  /**
   * The action's form (its `IDEMPOTENCY_FIELD` carries the key; the other fields are the
   * fingerprint), or a key and a fingerprint of what the action does. No key: no guard.
   */
  idempotency?: FormData | { idempotencyKey: string; fingerprint?: string };
}

/** A writable session and the step that saves it and sends the cookies the visitor now needs. */
interface WritableSession<T extends SessionData> {
  session: Session<T>;
  /**
   * Saves (compare-and-swap, retried on conflict) and sends the cookies the visitor now
   * needs: the session cookie only when who they are changed (first write, renewal,
   * revocation), `cart_hash` / `items_in_cart` whenever they differ from the saved cart.
   * Returns the cookie state the visitor now holds.
   */
  commit(): Promise<SessionCookie>;
}

/** A Route Handler's writable session, read from its Request; cookies go onto its Response. */
interface RequestSession<T extends SessionData> extends WritableSession<T> {
  /** Commits if that has not happened, then returns `response` with the `Set-Cookie` headers the visitor needs. */
  respond(response: Response): Promise<Response>;
}

/**
 * cartsession for one Next.js app, made once by `createCartSessions` in the app's wiring
 * file. One way per context: `getSession` in Server Components, `withSession` in Server
 * Actions, `route` (and `readSession`) in Route Handlers, `proxy` in proxy.ts.
 */
export interface CartSessions {
  /** The proxy handler: `export const proxy = sessions.proxy` in proxy.ts. Issues and renews the cookie; no database call. */
  proxy(request: NextRequest): Promise<NextResponse>;
  /**
   * Server Components: the visitor's session, read-only (a write throws `SessionError`
   * `session_read_only`). Loaded once per request; costs no query for a guest who never
   * stored anything.
   */
  getSession<T extends SessionData = SessionData>(): Promise<Session<T>>;
  /**
   * Server Actions: runs `fn` with the writable session, saves it and sets the cookies before
   * returning `fn`'s result. With `idempotency` (the action's `FormData`, whose
   * `IDEMPOTENCY_FIELD` holds a key from `newIdempotencyKey()`, or an explicit key), the
   * action's changes are applied at most once per key: a double submit or a browser retry
   * runs `fn` again with its changes discarded (it reads the session as it stands). The same
   * key with different form fields throws `idempotency_key_reused`.
   */
  withSession<R, T extends SessionData = SessionData>(fn: (session: Session<T>) => R | Promise<R>, options?: WithSessionOptions): Promise<R>;
  /**
   * Route Handlers: `export const POST = sessions.route(async (request, session) =>
   * Response.json(...))`. The session comes from the Request's own `Cookie` and
   * `Cart-Token` headers; it is saved after `handler` returns (call `session.save()` first
   * when the body must show what was saved) and the response gets the cookies the visitor
   * needs. Nothing is saved when `handler` throws; an engine error becomes its HTTP answer
   * (`sessionErrorResponse`), anything else is rethrown.
   *
   * A POST, PUT, PATCH or DELETE with an `Idempotency-Key` header is applied at most once
   * per session and key (24 h, the newest 32 keys): the key and a fingerprint of the request
   * (method, path, body) are saved in the same compare-and-swap as the handler's changes,
   * with the response when it fits (8 KiB of body). A retry with the same key answers the
   * original response with `Idempotent-Replayed: true` and changes nothing; the same key
   * with a different request answers 422 `idempotency_key_reused`.
   */
  route<C = unknown, T extends SessionData = SessionData>(
    handler: (request: Request, session: Session<T>, context: C) => Promise<Response>,
  ): (request: Request, context: C) => Promise<Response>;
  /**
   * The read-only session a Request names by its `Cookie` or `Cart-Token` header, for code
   * that has a Request but no Next.js request scope (proxy.ts, a read-only Route Handler).
   * A missing, forged or expired cookie reads as a fresh guest.
   */
  readSession<T extends SessionData = SessionData>(request: Request): Promise<Session<T>>;
  /** The sealed token naming a session, for headless clients (the `Cart-Token` header); never seals one state twice. */
  sealCartToken(cookie: SessionCookie): Promise<string>;
  /** Call right after your auth accepted a customer: the guest session moves to them and a new login cookie is set. */
  onLogin(customerId: string): Promise<SessionCookie>;
  /** Call on logout: this login is revoked for good and the visitor continues as a new guest. */
  onLogout(options?: { everywhere?: boolean }): Promise<SessionCookie>;
  /** Revokes every login of a customer (password change, account compromise). */
  logOutEverywhere(customerId: string): Promise<boolean>;
  /** `GET` handler for the cleanup cron route (`export const GET = sessions.cleanupRoute`). */
  cleanupRoute(request: Request): Promise<Response>;
  /** `GET` handler for a constant-time health check (200 ok, 503 unavailable). */
  healthRoute(request: Request): Promise<Response>;
  /** Deletes expired sessions now, within the time budget (what the cleanup route runs). */
  cleanup(source?: "cron" | "cli" | "admin"): Promise<CleanupReport>;
  /** GDPR access: the stored session of a customer or session key, decoded. */
  exportSession(owner: SessionOwner): Promise<SessionExport | null>;
  /** GDPR erasure: deletes the stored session of a customer or session key. */
  eraseSession(owner: SessionOwner): Promise<boolean>;
  /** The store's health (the same probe as `healthRoute`, one per second at most). */
  health(): Promise<HealthReport>;
  /**
   * Counts one attempt of `name` by `key` against `rule` in the store (shared by every
   * instance): e.g. `rateLimit("login-ip", address, { limit: 20, windowSeconds: 900 })`.
   * `{ allowed: false, retryAfter }` beyond the limit.
   */
  rateLimit(name: string, key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** Forgets the attempts of `name` by `key` (e.g. an account's failed logins after a success). */
  clearRateLimit(name: string, key: string): Promise<void>;
  /**
   * The names of the cookies this app's sessions use (they depend on `siteUrl` and the
   * cookie prefix): the sealed session cookie, the logged-in marker and the two cart
   * cookies CDN rules key on.
   */
  cookieNames(): { session: string; loggedIn: string; cartHash: string; itemsInCart: string };
  /** The client's address as the `clientAddress` option reads it from request headers. */
  clientAddress(headers: Headers): string | null;
  /**
   * The opened store, for admin tools that list or count sessions: check its optional
   * capabilities with `supports` from `cartsession/store`. Outages arrive as `store_unavailable`.
   */
  store(): Promise<SessionStore>;
  /** A stored `session_value` (from a store's listing), decoded and decrypted, for admin tools. */
  decodeValue(value: string, sessionKey: string): SessionData;
  /**
   * 32-byte keys for the app's own purpose (signing its links, encrypting its own data),
   * derived from the session secrets, which never leave the engine. Newest first: the first
   * signs or encrypts, every key verifies or decrypts, so secret rotation carries over.
   */
  deriveKeys(purpose: string): readonly Uint8Array[];
  /**
   * Validates the options and reaches the store; throws with one clear message otherwise.
   * Call it at start (instrumentation.ts `register()`) to fail fast instead of at the first request.
   */
  validate(): Promise<void>;
}

interface RequestIdentity {
  engine: SessionEngine;
  jar: CookieJar;
  sent: SentCookies;
  identity: ResolvedIdentity;
  /** The request's headers: the client address is read from them only when a session is opened for writing. */
  headers: Headers;
}

/**
 * The last `X-Forwarded-For` hop, else `X-Real-IP`: right behind exactly one proxy that
 * appends (`trustedProxy: 1` reads the same), spoofable anywhere else. No longer the default.
 */
export function defaultClientAddress(headers: Headers): string | null {
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter((hop) => hop !== "");
  const address = hops[hops.length - 1] ?? headers.get("x-real-ip")?.trim() ?? "";
  return address === "" ? null : address.slice(0, 100);
}

/** Smallest cron secret accepted: a short bearer secret is guessable. */
const MIN_CRON_SECRET_LENGTH = 16;

/**
 * What is wrong with a cron secret, or null. Checked where it is used (the cleanup route
 * refuses to run on a weak one) and by `validate()` at start, never on the way to a page: a
 * weak CRON_SECRET must not turn the shop's pages into 500s.
 */
function cronSecretProblem(secret: string): string | null {
  if (secret.length < MIN_CRON_SECRET_LENGTH) return `is ${secret.length} characters; use at least ${MIN_CRON_SECRET_LENGTH} (e.g. \`openssl rand -hex 32\`)`;
  if (new Set(secret).size < 6) return "repeats a few characters; use a random one (e.g. `openssl rand -hex 32`)";
  return null;
}

/**
 * Defers to request time: `next build` prerenders GET Route Handlers (with cacheComponents),
 * and a health probe must never run, or be cached, at build. `connection()` ends such a
 * prerender with Next's own control-flow error, rethrown; outside any Next.js request (a
 * test calling the handler directly) there is nothing to defer.
 */
async function requestTime(): Promise<void> {
  try {
    await connection();
  } catch (error) {
    rethrowNextControlFlow(error);
  }
}

/**
 * Rethrows Next.js's own control-flow errors (a prerender bail-out, a dynamic-usage signal,
 * a redirect or notFound): they carry a string `digest`, which no engine error has. What
 * `unstable_rethrow` does, without importing `next/navigation`, whose client-router modules
 * do not belong in a Route Handler's bundle.
 */
function rethrowNextControlFlow(error: unknown): void {
  if (typeof error === "object" && error !== null && typeof (error as { digest?: unknown }).digest === "string") throw error;
}

/**
 * The composition root. Options may be a function, read on first use, so `next build`
 * never needs secrets; call `validate()` at start (instrumentation.ts) to fail fast instead.
 */
export function createCartSessions(options: CartSessionsOptions | (() => CartSessionsOptions)): CartSessions {
  let resolved: { engine: SessionEngine; options: CartSessionsOptions; clientAddress: (headers: Headers) => string | null } | undefined;
  const setup = () => {
    if (!resolved) {
      const opts = typeof options === "function" ? options() : options;
      const clientAddress = opts.clientAddress ?? clientAddressReader(resolveTrustedProxy(parseTrustedProxy(opts.trustedProxy)));
      resolved = { engine: createSessionEngine(opts), options: opts, clientAddress };
    }
    return resolved;
  };
  const engine = () => setup().engine;
  const clientAddressOf = (requestHeaders: Headers) => setup().clientAddress(requestHeaders);

  async function identify(jar: CookieJar, read: (name: string) => string | undefined, requestHeaders: Headers): Promise<RequestIdentity> {
    const e = engine();
    const sent = readSentCookies(e.settings, (name) => {
      const value = read(name);
      return value === undefined ? undefined : { value };
    });
    const identity = await e.identify({ cookie: sent.session, cartToken: requestHeaders.get(CART_TOKEN_HEADER) });
    return { engine: e, jar, sent, identity, headers: requestHeaders };
  }

  async function requestIdentity(): Promise<RequestIdentity> {
    // Request-time only, before any option or clock is read: a session never ends up in a
    // prerender or a prefetch (with cacheComponents, inside the page's Suspense boundary).
    await connection();
    const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
    return identify(jar, (name) => jar.get(name)?.value, requestHeaders);
  }

  /** Sets what changed: the session cookie (sealed only if who changed) and the plain cookies. */
  async function sendCookies(request: RequestIdentity, next: SessionCookie, cart: { items: number; cartHash: string }): Promise<void> {
    const { engine: e, jar, sent, identity } = request;
    const now = e.settings.clock.nowSeconds();
    await writeSessionCookie(jar, e.settings, { sealed: identity.source === "cookie" ? sent.session : undefined, cookie: identity.source === "cookie" ? identity.sent : null }, next, now);
    writeStateCookies(jar, e.settings, sent, next, cart, now, identity.renewed);
  }

  const loadForRender = cache(async (): Promise<Session> => {
    const { engine: e, identity } = await requestIdentity();
    return e.open(identity.cookie, { writable: false });
  });

  /** Opens the writable session of an identified request; `commit` saves and sends what changed. */
  async function openFor<T extends SessionData>(request: RequestIdentity): Promise<WritableSession<T>> {
    const { engine: e, identity } = request;
    const session = await e.open<T>(identity.cookie, { writable: true, clientAddress: clientAddressOf(request.headers) });
    return {
      session,
      async commit() {
        await session.save();
        const next = session.cookie;
        // A headless client keeps its token and gets no cookies; a browser gets what changed.
        const browser =
          identity.source === "cookie" ||
          identity.rejected ||
          (identity.source === "new" && (next.persisted || e.settings.issue === "eager")) ||
          next.customerId !== identity.cookie.customerId;
        if (browser) await sendCookies(request, next, session.getCartSummary());
        return next;
      },
    };
  }

  async function openWritableSession<T extends SessionData = SessionData>(): Promise<WritableSession<T>> {
    return openFor<T>(await requestIdentity());
  }

  async function openRequestSession<T extends SessionData = SessionData>(request: Request): Promise<RequestSession<T>> {
    const sent = parseCookieHeader(request.headers.get("cookie"));
    const jar = new SetCookieList();
    const writable = await openFor<T>(await identify(jar, (name) => sent.get(name), request.headers));
    let committed: Promise<SessionCookie> | undefined;
    const commit = () => (committed ??= writable.commit());
    return {
      session: writable.session,
      commit,
      async respond(response) {
        await commit();
        if (jar.size === 0) return response;
        let out = response;
        try {
          for (const value of jar.values()) out.headers.append("Set-Cookie", value);
        } catch {
          // Immutable headers (Response.redirect, a fetched response): copy, then add.
          out = new Response(response.body, response);
          for (const value of jar.values()) out.headers.append("Set-Cookie", value);
        }
        out.headers.set("Cache-Control", NO_STORE);
        return out;
      },
    };
  }

  const cartSessions: CartSessions = {
    proxy: (() => {
      let handler: ((request: NextRequest) => Promise<NextResponse>) | undefined;
      return (request: NextRequest) => {
        handler ??= createProxyHandler(engine, setup().options.proxy);
        return handler(request);
      };
    })(),
    getSession: async <T extends SessionData = SessionData>() => (await loadForRender()) as unknown as Session<T>,
    async readSession<T extends SessionData = SessionData>(request: Request): Promise<Session<T>> {
      const e = engine();
      const sent = parseCookieHeader(request.headers.get("cookie"));
      const identity = await e.identify({ cookie: sent.get(e.settings.cookieName), cartToken: request.headers.get(CART_TOKEN_HEADER) });
      return e.open<T>(identity.cookie, { writable: false });
    },
    route<C = unknown, T extends SessionData = SessionData>(handler: (request: Request, session: Session<T>, context: C) => Promise<Response>) {
      return async (request: Request, context: C) => {
        try {
          const claim = await requestClaim(request, engine().settings.clock.nowSeconds());
          const open = await openRequestSession<T>(request);
          // A replay may run the handler a second time: that run reads the body from a copy.
          let runs = 0;
          const run = (session: Session<T>) => handler(runs++ > 0 && claim ? requestAgain(request, claim) : request, session, context);
          if (claim) return await idempotentRoute(claim, open, run, () => openRequestSession<T>(request));
          return await open.respond(await run(open.session));
        } catch (error) {
          // An engine error (a database outage above all) is an answer, not a crash: thrown
          // out of a Route Handler it would be Next.js's bare 500, where the client needs
          // 503 + Retry-After in the API's error shape. Anything else is the app's to handle.
          const answer = sessionErrorResponse(error);
          if (answer) return answer;
          throw error;
        }
      };
    },
    async withSession<R, T extends SessionData = SessionData>(fn: (session: Session<T>) => R | Promise<R>, sessionOptions?: WithSessionOptions): Promise<R> {
      const guard = sessionOptions?.idempotency;
      const claim = guard ? actionClaim(guard instanceof FormData ? { form: guard } : guard, engine().settings.clock.nowSeconds()) : null;
      const open = await openWritableSession<T>();
      if (claim) return idempotentAction(claim, open, fn, () => openWritableSession<T>());
      const result = await fn(open.session);
      await open.commit();
      return result;
    },
    sealCartToken: (cookie) => engine().seal(cookie),
    async onLogin(customerId) {
      const request = await requestIdentity();
      const { cookie, cart } = await request.engine.logIn(request.identity.cookie, customerId);
      await sendCookies(request, cookie, cart);
      return cookie;
    },
    async onLogout(logoutOptions) {
      const request = await requestIdentity();
      const next = await request.engine.logOut(request.identity.cookie, logoutOptions);
      await sendCookies(request, next, { items: 0, cartHash: "" });
      return next;
    },
    logOutEverywhere: (customerId) => engine().logOutEverywhere(customerId),
    async cleanupRoute(request: Request) {
      const challenge = { "WWW-Authenticate": 'Bearer realm="session-cleanup"' };
      try {
        // The request's header first: `next build` prerenders GET Route Handlers, and reading
        // it ends that prerender (Next's own control-flow error, rethrown below, never logged).
        const authorization = request.headers.get("authorization");
        const { cronSecret } = setup().options;
        if (!cronSecret) {
          return errorResponse(401, "cron_secret_unset", "CRON_SECRET is not set on the server, so this route refuses every request. Set CRON_SECRET and send it as `Authorization: Bearer <CRON_SECRET>`.", challenge);
        }
        const weak = cronSecretProblem(cronSecret);
        if (weak) return errorResponse(500, "cron_secret_invalid", `CRON_SECRET ${weak}, so this route refuses every request until it is replaced.`);
        if (!hasBearerSecret(authorization, cronSecret)) {
          return errorResponse(401, "unauthorized", "Send the cron secret as `Authorization: Bearer <CRON_SECRET>`.", challenge);
        }
        return jsonResponse(await engine().cleanup("cron"));
      } catch (error) {
        rethrowNextControlFlow(error); // a prerender bail-out is Next's, not a failed cleanup
        const mapped = sessionErrorResponse(error);
        if (mapped) return mapped;
        console.error("[cartsession] cleanup failed", error);
        return errorResponse(500, "internal_error", "The cleanup failed; see the server log.");
      }
    },
    async healthRoute() {
      await requestTime();
      const report = await engine().health();
      return jsonResponse(report, report.status === "ok" ? {} : { status: 503, headers: { "Retry-After": "5" } });
    },
    cleanup: (source) => engine().cleanup(source),
    exportSession: (owner) => engine().exportSession(owner),
    eraseSession: (owner) => engine().eraseSession(owner),
    health: () => engine().health(),
    rateLimit: (name, key, rule) => engine().rateLimit(name, key, rule),
    clearRateLimit: (name, key) => engine().clearRateLimit(name, key),
    clientAddress: clientAddressOf,
    cookieNames() {
      const { settings } = engine();
      return { session: settings.cookieName, loggedIn: loggedInCookieName(settings), cartHash: CART_HASH_COOKIE, itemsInCart: ITEMS_IN_CART_COOKIE };
    },
    store: () => engine().openStore(),
    decodeValue: (value, sessionKey) => engine().decodeValue(value, sessionKey),
    deriveKeys: (purpose) => engine().deriveKeys(purpose),
    async validate() {
      const e = engine(); // an invalid option throws OptionsError, naming it
      const { cronSecret } = setup().options;
      const weak = cronSecret === undefined ? null : cronSecretProblem(cronSecret);
      if (weak) throw new OptionsError("CRON_SECRET", weak);
      try {
        const store = await e.openStore();
        if (supports(store, "probe")) await store.probe();
        else await store.load(PROBE_KEY);
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        throw storeUnavailable(error, `The session store cannot be reached: ${cause instanceof Error ? cause.message : String(cause)}`);
      }
    },
  };
  registerEngine(cartSessions, engine);
  return cartSessions;
}

export type { Session, SessionData } from "../session.js";
export type { SessionCookie } from "../cookie.js";
export type { SessionOwner } from "../engine.js";
export type { CleanupReport } from "../cleanup.js";
export type { HealthReport } from "../health.js";
export type { SessionExport } from "../gdpr.js";
export type { RateLimitResult } from "../rate-limit.js";
