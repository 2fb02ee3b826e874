/**
 * The demo's one wiring file: cartsession created once, with the demo's store and options.
 * Everything else in the app imports sessions from here, exactly as any other shop would.
 */
import path from "node:path";
import { optionsFromEnv, type SessionStore } from "cartsession";
import { createCartSessions } from "cartsession/next";
import { demoDatabase } from "../db";
import { countingStore } from "./bench-counter";
import { shopConfig } from "./shop-config";

/** Catalog pages shared by caches: the home page and product pages. */
const SHARED_PAGES = [/^\/$/, /^\/products\/[^/]+\/?$/];
/** Where a shopper with a cart or a login sees them instead: the personal `/live` variant. */
export const LIVE_PREFIX = "/live";

export const sessions = createCartSessions(() => {
  const config = shopConfig();
  const demo = process.env.NODE_ENV !== "production" || process.env.DEMO_STORE === "1";
  return {
    // Development and `npm run demo` may run without SESSION_SECRET (a generated one, with a
    // warning); a production deployment must set it.
    ...optionsFromEnv(process.env, { generatedSecretFile: demo ? path.join(config.dataDir, "session-secret") : undefined }),
    store: async (): Promise<SessionStore> => countingStore((await demoDatabase()).sessions),
    proxy: {
      sharedPages: SHARED_PAGES,
      personalVariant: (pathname) => `${LIVE_PREFIX}${pathname === "/" ? "" : pathname}`,
    },
  };
});

export const { getSession, withSession, openWritableSession, openRequestSession, sealCartToken, onLogin, onLogout, logOutEverywhere } = sessions;
