/**
 * cartsession's public API for the Next.js App Router.
 *
 *   getSession()          read the visitor's session in a Server Component (read-only)
 *   withSession(fn)       change it in a Server Action or Route Handler; saved before it returns
 *   openWritableSession() the same in two steps, for handlers that need the saved cookie
 *
 * Everything else in this folder is internal and may change.
 */
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getSessionStore } from "../../db/client";
import { systemClock } from "./clock";
import { getConfig, type SessionConfig } from "./config";
import { codecFor } from "./encryption";
import { sealSessionCookie, type SessionCookie } from "./cookie";
import { readStateCookies, writeSessionCookie, writeStateCookies } from "./cookie-writer";
import { resolveIdentity } from "./identity";
import { moveSessionToUser } from "./login";
import { countingStore } from "./query-counter";
import { resilientStore } from "./resilient-store";
import { Session, type SessionData } from "./session";

export { Session } from "./session";
export type { SessionData, SaveOutcome } from "./session";
export type { SessionCookie } from "./cookie";
export { SessionError } from "./errors";
export type { SessionErrorCode } from "./errors";
export { setLifetimeHooks } from "./lifetime";
export { setLoginHooks } from "./login";
export type { LoginHooks } from "./login";
export { mergeSessionValue, MAX_LINE_QUANTITY } from "./merge";
export type { LifetimeHooks, LifetimeContext } from "./lifetime";

/** Request header a headless client sends back to select its session. */
export const CART_TOKEN_HEADER = "cart-token";

/** Who this request is: the session cookie, else a Cart-Token header, else a new guest. */
async function requestIdentity() {
  const config = getConfig();
  const jar = await cookies();
  const requestHeaders = await headers();
  const identity = await resolveIdentity(config, systemClock.nowSeconds(), {
    cookie: jar.get(config.cookieName)?.value,
    cartToken: requestHeaders.get(CART_TOKEN_HEADER),
  });
  return { config, jar, identity };
}

/** The store, opened on first use only: a browsing visitor never opens the database. */
function requestStore(config: SessionConfig) {
  return countingStore(resilientStore(() => getSessionStore(config)));
}

const loadRequestSession = cache(async (): Promise<Session> => {
  const { config, identity } = await requestIdentity();
  const store = requestStore(config);
  return Session.open({ store, config, clock: systemClock, codec: codecFor(config) }, { cookie: identity.cookie, writable: false });
});

/**
 * The visitor's session for rendering. Read-only: `set`, `update` and `destroySession`
 * throw a `SessionError` with code `session_read_only`, because a Server Component cannot
 * send cookies. Loaded once per request; costs no query for a visitor who never stored
 * anything.
 */
export async function getSession<T extends SessionData = SessionData>(): Promise<Session<T>> {
  return (await loadRequestSession()) as unknown as Session<T>;
}

export interface WritableSession<T extends SessionData> {
  session: Session<T>;
  /**
   * Saves (compare-and-swap, retried on conflict) and sends the cookies the change needs:
   * the re-sealed session cookie, `cart_hash` and `items_in_cart`. Returns the cookie state
   * the visitor now holds.
   */
  commit(): Promise<SessionCookie>;
}

/**
 * The visitor's session, writable, for a Server Action or Route Handler. Prefer
 * `withSession`; use this when the handler needs the saved cookie (e.g. a Cart-Token).
 */
export async function openWritableSession<T extends SessionData = SessionData>(): Promise<WritableSession<T>> {
  const { config, jar, identity } = await requestIdentity();
  const store = requestStore(config);
  const session = await Session.open<T>({ store, config, clock: systemClock, codec: codecFor(config) }, { cookie: identity.cookie, writable: true });
  return {
    session,
    async commit() {
      await session.save();
      const savedAt = systemClock.nowSeconds();
      const next = session.cookie;
      // A headless client (Cart-Token, no cookie) keeps using its token; a fresh guest who
      // stored nothing gets no cookie (lazy issuance).
      const wantsCookie =
        identity.source === "cookie" ||
        identity.rejected ||
        (identity.source === "new" && (next.persisted || config.issue === "eager")) ||
        next.customerId !== identity.cookie.customerId;
      if (wantsCookie) {
        await writeSessionCookie(jar, config, { sealed: identity.sealed, cookie: identity.sent }, next, savedAt);
        writeStateCookies(jar, config, readStateCookies(config, (name) => jar.get(name)), next, savedAt);
      }
      return next;
    },
  };
}

/**
 * Runs `fn` with the visitor's writable session, saves it, and sets the cookies before
 * returning `fn`'s result: the next request reads what was written.
 *
 *   export async function addToCart(formData: FormData) {
 *     "use server";
 *     await withSession((session) => session.update("cart", (cart) => addLine(cart, id, 1)));
 *   }
 */
export async function withSession<R, T extends SessionData = SessionData>(fn: (session: Session<T>) => R | Promise<R>): Promise<R> {
  const { session, commit } = await openWritableSession<T>();
  const result = await fn(session);
  await commit();
  return result;
}

/** A sealed token naming this session, for headless clients (the `Cart-Token` header). */
export async function sealCartToken(cookie: SessionCookie): Promise<string> {
  return sealSessionCookie(getConfig(), cookie, systemClock.nowSeconds());
}

/**
 * Call when a customer has just authenticated (from your login action or an Auth.js
 * `signIn` event): the guest's session moves to `userId`, merging with the customer's
 * existing session, the guest row is deleted and a new cookie is issued.
 */
export async function onLogin(userId: string): Promise<SessionCookie> {
  const { config, jar, identity } = await requestIdentity();
  const store = requestStore(config);
  const next = await moveSessionToUser({ store, config, clock: systemClock, codec: codecFor(config) }, identity.cookie, userId);
  const savedAt = systemClock.nowSeconds();
  await writeSessionCookie(jar, config, { sealed: identity.sealed, cookie: identity.sent }, next, savedAt);
  writeStateCookies(jar, config, readStateCookies(config, (name) => jar.get(name)), next, savedAt);
  return next;
}

/**
 * Call when a customer logs out: their session is destroyed and the visitor continues as a
 * new guest with an empty cart (the cart cookies go away).
 */
export async function onLogout(): Promise<SessionCookie> {
  const { session, commit } = await openWritableSession();
  session.destroySession();
  return commit();
}
