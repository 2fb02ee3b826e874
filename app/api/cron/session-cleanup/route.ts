import { sessions } from "@/lib/sessions";
import { notAllowed } from "@/lib/http/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// Above the default SESSION_CLEANUP_BUDGET_MS (10 s), leaving room for the final count and checkpoint.
export const maxDuration = 60;

/**
 * Deletes expired sessions (and, with SESSION_PURGE_AFTER_DAYS, long-inactive ones) for a
 * scheduler such as Vercel Cron, which sends `Authorization: Bearer <CRON_SECRET>`. It
 * never reads or sets cookies, so it can never create a session.
 */
export const GET = sessions.cleanupRoute;

/** Every other method: 405 in the error shape, with Allow. */
export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
