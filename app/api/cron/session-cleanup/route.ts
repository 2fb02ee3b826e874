import { unixNow } from "@/lib/now";
import { jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { restoreLinks } from "@/lib/restore-links";
import { sessions } from "@/lib/sessions";
import { notAllowed } from "@/lib/http/methods";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// Above the default SESSION_CLEANUP_BUDGET_MS (10 s), leaving room for the final count and checkpoint.
export const maxDuration = 60;

/**
 * For a scheduler such as Vercel Cron, which sends `Authorization: Bearer <CRON_SECRET>`:
 * the engine's cleanup (expired sessions, and with SESSION_PURGE_AFTER_DAYS long-inactive
 * ones), then the demo's own, used and expired restore links. The engine's route keeps its
 * bearer check and its answer; only a successful run goes on to the links, and its report
 * gains `restoreLinks` (how many were deleted). It never reads or sets cookies, so it can
 * never create a session.
 */
export async function GET(request: Request): Promise<Response> {
  const engine = await sessions.cleanupRoute(request);
  if (engine.status !== 200) return engine;
  const report = (await engine.json()) as Record<string, unknown>;
  try {
    const deleted = await (await restoreLinks()).cleanup(unixNow());
    return jsonResponse({ ...report, restoreLinks: deleted });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Every other method: 405 in the error shape, with Allow. */
export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
