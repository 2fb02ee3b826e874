import { isStoreUnavailable } from "cartsession";
import { sessions } from "./sessions";
import { shopConfig } from "./shop-config";

/**
 * The whole configuration is validated when the server starts, so a bad value stops the
 * start with one line naming the variable, instead of a server that says "Ready" and then
 * answers 500 (README, "Configuration"). `next build` skips it: it needs no secrets.
 * A database that is down at start is no configuration error: the server starts, answers
 * 503 meanwhile, and recovers by itself when the database is back.
 */
export async function validateAtStartup(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    shopConfig();
    await sessions.validate();
  } catch (error) {
    if (isStoreUnavailable(error)) {
      console.warn(`[cartsession] the session store is unreachable at start; answering 503 until it is back (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    console.error(`[cartsession] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
