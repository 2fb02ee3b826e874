import type { Clock } from "./clock.js";
import { supports, type SessionStore } from "./store/port.js";

export interface HealthReport {
  status: "ok" | "unavailable";
  store: string;
  /** Milliseconds the probe took, or null when the store could not be reached. */
  latencyMs: number | null;
  checkedAt: string;
}

/** A key no session can have (keys are `t_`/`c_` + 30 hex), so the read touches one index entry. */
export const PROBE_KEY = "t_000000000000000000000000000000";

/**
 * Constant-time health: the store's own probe (reads and writes reach durable storage)
 * when it has one, else one indexed read. Holds no secrets and no personal data, and never
 * scans a table, so it is cheap enough for a load balancer to call every second.
 */
export async function checkHealth(open: () => Promise<SessionStore>, clock: Clock, onFailure?: (error: unknown) => void): Promise<HealthReport> {
  const started = performance.now();
  const checkedAt = new Date(clock.nowSeconds() * 1000).toISOString();
  let name = "unknown";
  try {
    const store = await open();
    name = store.name;
    if (supports(store, "probe")) await store.probe();
    else await store.load(PROBE_KEY);
  } catch (error) {
    // Telemetry classifies the failure (error.type) the way the HTTP mapping does: docs/observability.md.
    onFailure?.(error);
    return { status: "unavailable", store: name, latencyMs: null, checkedAt };
  }
  return { status: "ok", store: name, latencyMs: Math.round((performance.now() - started) * 100) / 100, checkedAt };
}

/** How long one probe answers every health call (a load balancer, or a flood of calls). */
export const HEALTH_REUSE_MS = 1_000;

/**
 * `checkHealth` shared by concurrent calls, and a good report reused for a second: however
 * often `/api/health` is called, a healthy store sees at most one probe per second per
 * instance. A failed probe is not reused, so recovery shows at the next call.
 */
export function sharedHealth(check: () => Promise<HealthReport>, now: () => number = () => performance.now()): () => Promise<HealthReport> {
  let last: { at: number; report: Promise<HealthReport> } | undefined;
  return () => {
    const t = now();
    if (!last || t - last.at >= HEALTH_REUSE_MS) {
      const entry = { at: t, report: check() };
      last = entry;
      // Forget a failure once it settled (only concurrent calls share it).
      entry.report.then((report) => {
        if (report.status !== "ok" && last === entry) last = undefined;
      }, () => {
        if (last === entry) last = undefined;
      });
    }
    return last.report;
  };
}
