/**
 * The demo's one wiring file: cartsession created once, with the demo's store and options.
 * Everything else in the app imports sessions from here, exactly as any other shop would.
 */
import path from "node:path";
import { isSessionError, isStoreUnavailable, optionsFromEnv } from "cartsession";
import { createCartSessions, type Session, type SessionData, type WithSessionOptions } from "cartsession/next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { sessionStore } from "./shop";
import { shopConfig } from "./shop-config";

/** Catalog pages shared by caches: the home page and product pages. */
const SHARED_PAGES = [/^\/$/, /^\/products\/[^/]+\/?$/];
/** Where a shopper with a cart or a login sees them instead: the personal `/live` variant. */
export const LIVE_PREFIX = "/live";

/**
 * The generated-secret warning once per server process. Next.js loads this module once per
 * bundle (the proxy, pages, route handlers), each creating its own engine; the process is one.
 */
const warnOnce = (message: string) => {
  const seen = ((globalThis as { __cartsessionWarned?: Set<string> }).__cartsessionWarned ??= new Set());
  if (seen.has(message)) return;
  seen.add(message);
  console.warn(message);
};

export const sessions = createCartSessions(() => {
  const config = shopConfig();
  const demo = process.env.NODE_ENV !== "production" || process.env.DEMO_STORE === "1";
  return {
    // Development and `npm run demo` may run without SESSION_SECRET (a generated one, with a
    // warning); a production deployment must set it.
    ...optionsFromEnv(process.env, { generatedSecretFile: demo ? path.join(config.dataDir, "session-secret") : undefined, warn: warnOnce }),
    store: sessionStore,
    hooks: {
      // Personal data the demo keeps beside a session: its cart's restore links. An erasure from
      // the account page, the admin or `npx cartsession erase` deletes them too.
      async sessionErased({ customerId, sessionKey }) {
        const { restoreLinks } = await import("./restore-links");
        await (await restoreLinks()).eraseFor({ customerId, sessionKeys: sessionKey ? [sessionKey] : [] });
      },
    },
    proxy: {
      sharedPages: SHARED_PAGES,
      // Static files reach the proxy only when their path holds `%` (proxy.ts matcher).
      passThrough: [/^\/(?:_next\/|favicon\.ico$|icon\.svg$|products\/images\/)/, /\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt|woff2?)$/],
      personalVariant: (pathname) => `${LIVE_PREFIX}${pathname === "/" ? "" : pathname}`,
    },
  };
});

export const { sealCartToken, onLogin, onLogout, logOutEverywhere } = sessions;

/** Where pages and forms land while the database is down: a 503 with Retry-After (app/unavailable). */
export const UNAVAILABLE_PATH = "/unavailable";

/**
 * A page or a form that needs the store answers 503 while it is down: Server Components
 * and Server Actions cannot set a status, so they redirect to a route that does. Pages that
 * query the demo's own tables use it too (`.catch(landOnUnavailable)`).
 */
export function landOnUnavailable(error: unknown): never {
  if (isStoreUnavailable(error)) redirect(UNAVAILABLE_PATH);
  // A form whose first write would open one session too many from this address
  // (SESSION_NEW_PER_ADDRESS): there is no session to leave a notice in, so it lands on
  // the same page as a 429 with Retry-After.
  if (isSessionError(error) && error.code === "rate_limited") redirect(`${UNAVAILABLE_PATH}?reason=rate-limited&retry=${Math.max(1, Math.ceil(error.retryAfter ?? 60))}`);
  throw error;
}

/** `promise`'s value; an outage lands on the 503 page (for a page's own database reads). */
export async function orUnavailable<T>(promise: Promise<T>): Promise<T> {
  return promise.catch(landOnUnavailable);
}

/**
 * A page whose own database reads land on the 503 page during an outage. Not for the shared
 * catalog pages: those are regenerated in the background, where a redirect must not be cached.
 */
export function pageOrUnavailable<P>(page: (props: P) => Promise<ReactNode>): (props: P) => Promise<ReactNode> {
  return (props) => orUnavailable(page(props));
}

/** The visitor's session for rendering (see `sessions.getSession`); an outage lands on the 503 page. */
export async function getSession<T extends SessionData = SessionData>(): Promise<Session<T>> {
  return sessions.getSession<T>().catch(landOnUnavailable);
}

/** The writable session for a Server Action (see `sessions.withSession`); an outage lands on the 503 page. */
export async function withSession<R, T extends SessionData = SessionData>(fn: (session: Session<T>) => R | Promise<R>, options?: WithSessionOptions): Promise<R> {
  return sessions.withSession<R, T>(fn, options).catch(landOnUnavailable);
}
