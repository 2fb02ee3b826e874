import type { Metadata } from "next";
import Link from "next/link";
import { formatCount, formatRelative, formatUtc, plural } from "@/lib/admin/format";
import { adminContext } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { runCleanupNow } from "../actions";
import { AdminFrame } from "../_components/admin-frame";
import { pageOrUnavailable } from "@/lib/sessions";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Cleanup" };
export const dynamic = "force-dynamic";

const RUNS_SHOWN = 20;

/** Expired rows, the cleanup history, "Run cleanup now" and the bulk deletes. */
async function CleanupPage() {
  await requireAdmin();
  const { store, config, now } = await adminContext();
  const lifetimes = { now };
  const [expired, ended, kinds, runs] = await Promise.all([
    store.countSessions({ ...lifetimes, status: ["expired"] }),
    store.countSessions({ ...lifetimes, status: ["ended"] }),
    store.countByKind(),
    store.cleanupRuns(RUNS_SHOWN),
  ]);
  return (
    <AdminFrame current="cleanup">
      <h1>Cleanup</h1>
      <dl className="stat-grid">
        <div className={expired > 0 ? "stat stat-warn" : "stat"}>
          <dt>Expired rows awaiting cleanup</dt>
          <dd className="figure" data-testid="cleanup-expired">
            {formatCount(expired)}
          </dd>
          <dd className="detail">past their row expiry; nobody can use them</dd>
        </div>
        <div className="stat">
          <dt>Ended sessions kept</dt>
          <dd className="figure">{formatCount(ended)}</dd>
          <dd className="detail">cookie over; kept one more lifetime, then expired</dd>
        </div>
        <div className="stat">
          <dt>Last cleanup</dt>
          <dd className="figure">{runs[0] ? formatRelative(runs[0].startedAt, now) : "never"}</dd>
          <dd className="detail">{runs[0] ? `${runs[0].source}, ${formatUtc(runs[0].startedAt)}` : "schedule the cron route"}</dd>
        </div>
      </dl>

      <section className="card" aria-labelledby="run-heading">
        <h2 id="run-heading">Delete expired rows now</h2>
        <p className="muted">
          The same cleanup as the cron route (<code>/api/cron/session-cleanup</code>): short batches of at most {formatCount(config.cleanupBatchSize)} rows
          for up to {formatCount(config.cleanupBudgetMs / 1000)} s, so shoppers never wait. It never touches a session that can still be used.
        </p>
        <form action={runCleanupNow}>
          <SubmitButton>Run cleanup now</SubmitButton>
        </form>
      </section>

      <section className="admin-section" aria-labelledby="runs-heading">
        <h2 id="runs-heading">
          Recent runs <span className="muted">the last {RUNS_SHOWN}, newest first</span>
        </h2>
        {runs.length === 0 ? (
          <p className="muted">No cleanup has run yet. Schedule the cron route (see the README) or run one now.</p>
        ) : (
          <div className="table-card">
            <table className="admin-table">
              <caption className="visually-hidden">Recent cleanup runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Source</th>
                  <th scope="col">Kind</th>
                  <th scope="col" className="num">
                    Deleted
                  </th>
                  <th scope="col" className="num">
                    Batches
                  </th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                  <th scope="col" className="num">
                    Left over
                  </th>
                </tr>
              </thead>
              <tbody data-testid="cleanup-runs">
                {runs.map((run, i) => (
                  <tr key={`${run.startedAt}-${run.source}-${run.kind}-${i}`}>
                    <td data-label="Started">
                      <span title={formatUtc(run.startedAt)}>{formatRelative(run.startedAt, now)}</span>
                    </td>
                    <td data-label="Source">{run.source}</td>
                    <td data-label="Kind">{run.kind}</td>
                    <td data-label="Deleted" className="num">
                      {formatCount(run.deleted)}
                    </td>
                    <td data-label="Batches" className="num">
                      {formatCount(run.batches)}
                    </td>
                    <td data-label="Duration" className="num">
                      {formatCount(run.durationMs)} ms
                    </td>
                    <td data-label="Left over" className="num">
                      {formatCount(run.remaining)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="admin-section card danger-zone" aria-labelledby="danger-heading">
        <h2 id="danger-heading">Delete sessions in bulk</h2>
        <p>
          {plural(kinds.guests, "guest session")} and {plural(kinds.customers, "customer session")} are stored. Each link below says exactly what it
          deletes and asks before doing it.
        </p>
        <p className="actions">
          <Link href="/admin/sessions/clear?scope=guests" className="button button-secondary">
            Clear all guest sessions…
          </Link>
          <Link href="/admin/sessions/clear?scope=all" className="button button-secondary">
            Clear all sessions…
          </Link>
        </p>
      </section>
    </AdminFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(CleanupPage);
