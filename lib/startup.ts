import { isStoreUnavailable } from "cartsession";
import { sessions } from "./sessions";
import { shopConfig } from "./shop-config";
import { installServerHooks } from "./http/server-hooks";
import { MAX_PAGE_BODY_BYTES } from "./http/limits";

/**
 * The whole configuration is validated when the server starts, so a bad value stops the
 * start with one line naming the variable, instead of a server that says "Ready" and then
 * answers 500 (lib/session/README.md, "Configuration"; docs/deploy.md). `next build` skips
 * it: it needs no secrets.
 * A database that is down at start is no configuration error: the server starts, answers
 * 503 meanwhile, and recovers by itself when the database is back. Then the HTTP server's
 * hooks (lib/http/server-hooks.ts) are installed.
 */
export async function validateAtStartup(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    shopConfig();
    await sessions.validate().catch((error: unknown) => {
      if (!isStoreUnavailable(error)) throw error;
      console.warn(`[cartsession] the session store is unreachable at start; answering 503 until it is back (${error instanceof Error ? error.message : String(error)})`);
    });
    installServerHooks({ hsts: shopConfig().secure, maxPageBodyBytes: MAX_PAGE_BODY_BYTES });
  } catch (error) {
    console.error(`[cartsession] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
