import { getSessionStore } from "../../../db/client";
import { checkHealth } from "../../../lib/admin/health";
import { jsonResponse } from "../../../lib/http/errors";
import { systemClock } from "../../../lib/session/clock";
import { getConfig } from "../../../lib/session/config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `{ status, db: { ok, latencyMs }, sessions: { rows, expired }, warnings }`: 200, or 503 when the database is down. */
export async function GET(): Promise<Response> {
  const report = await checkHealth(() => getSessionStore(getConfig()), systemClock.nowSeconds());
  return jsonResponse(report, { status: report.db.ok ? 200 : 503 });
}
