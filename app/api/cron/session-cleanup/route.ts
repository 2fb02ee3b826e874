import { getSessionStore } from "../../../../db/client";
import { hasBearerSecret } from "../../../../lib/http/bearer";
import { errorResponse, jsonResponse, toErrorResponse } from "../../../../lib/http/errors";
import { runScheduledCleanup } from "../../../../lib/session/cleanup";
import { systemClock } from "../../../../lib/session/clock";
import { getConfig } from "../../../../lib/session/config";
import { resilientStore } from "../../../../lib/session/resilient-store";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// Above the default SESSION_CLEANUP_BUDGET_MS (10 s), leaving room for the final count and checkpoint.
export const maxDuration = 60;

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="session-cleanup"' };

/**
 * Deletes expired sessions (and, with SESSION_PURGE_AFTER_DAYS, long-inactive ones) for a
 * scheduler such as Vercel Cron, which sends `Authorization: Bearer <CRON_SECRET>`.
 * It never reads or sets cookies, so it can never create a session.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const config = getConfig();
    if (config.cronSecret === undefined) {
      return errorResponse(
        401,
        "cron_secret_unset",
        "CRON_SECRET is not set on the server, so this route refuses every request. Set CRON_SECRET and send it as `Authorization: Bearer <CRON_SECRET>`.",
        CHALLENGE,
      );
    }
    if (!hasBearerSecret(request.headers.get("authorization"), config.cronSecret)) {
      return errorResponse(401, "unauthorized", "Send the cron secret as `Authorization: Bearer <CRON_SECRET>`.", CHALLENGE);
    }
    // A database outage answers 503 with Retry-After (store_unavailable), not a bare 500.
    const store = resilientStore(() => getSessionStore(config));
    const report = await runScheduledCleanup({ store, clock: systemClock }, config, "cron");
    return jsonResponse(report);
  } catch (error) {
    return toErrorResponse(error);
  }
}
