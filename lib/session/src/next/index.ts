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
import { cookies, headers } from "next/headers";
import { connection } from "next/server";
import { cache } from "react";
import type { SessionCookie } from "../cookie.js";
import { createSessionEngine, type SessionEngine, type SessionOwner } from "../engine.js";
import type { EngineOptions, RateLimitRule } from "../options.js";
import type { RateLimitResult } from "../rate-limit.js";
import type { SessionData, Session } from "../session.js";
import type { CleanupReport } from "../cleanup.js";
import type { HealthReport } from "../health.js";
import type { SessionExport } from "../gdpr.js";
import { readSentCookies, writeSessionCookie, writeStateCookies, type CookieJar, type SentCookies } from "./cookies.js";
import { parseCookieHeader, SetCookieList } from "./header-cookies.js";
import { errorResponse, hasBearerSecret, jsonResponse, NO_STORE, sessionErrorResponse } from "./http.js";
import { createProxyHandler, type ProxyOptions } from "./proxy.js";
import { clientAddressReader, parseTrustedProxy, resolveTrustedProxy, type TrustedProxy } from "./client-address.js";
import type { NextRequest, NextResponse } from "next/server";
import type { ResolvedIdentity } from "../identity.js";

export { CART_HASH_COOKIE, ITEMS_IN_CART_COOKIE, loggedInCookieName } from "./cookies.js";
export { DEFAULT_SHARED_CACHE_CONTROL } from "./proxy.js";
export type { ProxyOptions } from "./proxy.js";
export { errorResponse, jsonResponse, sessionErrorResponse, hasBearerSecret, NO_STORE } from "./http.js";
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

export interface WritableSession<T extends SessionData> {
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
export interface RequestSession<T extends SessionData> {
  session: Session<T>;
  /** Saves (compare-and-swap, retried on conflict); returns the cookie state the visitor now holds. */
  commit(): Promise<SessionCookie>;
  /**
   * Commits if that has not happened, then returns `response` with the `Set-Cookie` headers
   * the visitor needs (the same rules as `commit()` of `openWritableSession`) and, when it
   * sets any, `Cache-Control: private, no-store`.
   */
  respond(response: Response): Promise<Response>;
}

export interface CartSessions {
  /** The proxy handler: `export const proxy = sessions.proxy` in proxy.ts. */
  proxy(request: NextRequest): Promise<NextResponse>;
  /**
   * The visitor's session for rendering (Server Components). Read-only: writes throw a
   * `SessionError` with code `session_read_only`. Loaded once per request; costs no query
   * for a guest who never stored anything.
   */
  getSession<T extends SessionData = SessionData>(): Promise<Session<T>>;
  /** The visitor's writable session, for a Server Action or Route Handler, in two steps. */
  openWritableSession<T extends SessionData = SessionData>(): Promise<WritableSession<T>>;
  /**
   * A Route Handler's writable session, from the Request's own `Cookie` and `Cart-Token`
   * headers, with the cookies written onto your Response by `respond()`: no request-scoped
   * Next.js API is involved, so it is the cheapest way to serve an HTTP API.
   */
  openRequestSession<T extends SessionData = SessionData>(request: Request): Promise<RequestSession<T>>;
  /**
   * A Route Handler around `openRequestSession`: `export const POST = sessions.route(async
   * (request, session) => Response.json(...))`. The session is saved after `handler`
   * returns (call `session.save()` first when the body must show what was saved), and the
   * response gets the cookies the visitor needs. Nothing is saved when `handler` throws.
   */
  route<C = unknown, T extends SessionData = SessionData>(
    handler: (request: Request, session: Session<T>, context: C) => Promise<Response>,
  ): (request: Request, context: C) => Promise<Response>;
  /** Runs `fn` with the writable session, saves it and sets the cookies before returning `fn`'s result. */
  withSession<R, T extends SessionData = SessionData>(fn: (session: Session<T>) => R | Promise<R>): Promise<R>;
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
  cleanup(source?: "cron" | "cli" | "admin"): Promise<CleanupReport>;
  exportSession(owner: SessionOwner): Promise<SessionExport | null>;
  eraseSession(owner: SessionOwner): Promise<boolean>;
  health(): Promise<HealthReport>;
  /**
   * Counts one attempt of `name` by `key` against `rule` in the store (shared by every
   * instance): e.g. `rateLimit("login-ip", address, { limit: 20, windowSeconds: 900 })`.
   * `{ allowed: false, retryAfter }` beyond the limit.
   */
  rateLimit(name: string, key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** Forgets the attempts of `name` by `key` (e.g. an account's failed logins after a success). */
  clearRateLimit(name: string, key: string): Promise<void>;
  /** The client's address as the `clientAddress` option reads it from request headers. */
  clientAddress(headers: Headers): string | null;
  /** The engine (validated options, the store, everything framework-free). Validates on first call. */
  engine(): SessionEngine;
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

/**
 * The composition root. Options may be a function, read on first use, so `next build`
 * never needs secrets; call `engine()` at start (instrumentation.ts) to fail fast instead.
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

  return {
    proxy: (() => {
      let handler: ((request: NextRequest) => Promise<NextResponse>) | undefined;
      return (request: NextRequest) => {
        handler ??= createProxyHandler(engine, setup().options.proxy);
        return handler(request);
      };
    })(),
    getSession: async <T extends SessionData = SessionData>() => (await loadForRender()) as unknown as Session<T>,
    openWritableSession,
    openRequestSession,
    route<C = unknown, T extends SessionData = SessionData>(handler: (request: Request, session: Session<T>, context: C) => Promise<Response>) {
      return async (request: Request, context: C) => {
        try {
          const open = await openRequestSession<T>(request);
          return await open.respond(await handler(request, open.session, context));
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
    async withSession<R, T extends SessionData = SessionData>(fn: (session: Session<T>) => R | Promise<R>): Promise<R> {
      const { session, commit } = await openWritableSession<T>();
      const result = await fn(session);
      await commit();
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
        const { cronSecret } = setup().options;
        if (!cronSecret) {
          return errorResponse(401, "cron_secret_unset", "CRON_SECRET is not set on the server, so this route refuses every request. Set CRON_SECRET and send it as `Authorization: Bearer <CRON_SECRET>`.", challenge);
        }
        if (!hasBearerSecret(request.headers.get("authorization"), cronSecret)) {
          return errorResponse(401, "unauthorized", "Send the cron secret as `Authorization: Bearer <CRON_SECRET>`.", challenge);
        }
        return jsonResponse(await engine().cleanup("cron"));
      } catch (error) {
        const mapped = sessionErrorResponse(error);
        if (mapped) return mapped;
        console.error("[cartsession] cleanup failed", error);
        return errorResponse(500, "internal_error", "The cleanup failed; see the server log.");
      }
    },
    async healthRoute() {
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
    engine,
  };
}

export type { Session, SessionData } from "../session.js";
export type { SessionCookie } from "../cookie.js";
