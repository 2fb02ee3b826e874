import type { Metadata } from "next";
import Link from "next/link";
import { cartSizeSeries, createdSeries, endingSeries } from "@/lib/admin/charts";
import { formatBytes, formatCount, formatRelative, formatUtc, plural } from "@/lib/admin/format";
import { cachedOverview, OVERVIEW_FRESH_SECONDS } from "@/lib/admin/overview";
import { adminContext, isGuestKey } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { formatMoney } from "@/lib/cart/money";
import { refreshOverview } from "./actions";
import { AdminFrame } from "./_components/admin-frame";
import { BarRows } from "./_charts/bar-rows";
import { ColumnChart } from "./_charts/column-chart";
import { pageOrUnavailable } from "@/lib/sessions";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

async function AdminOverviewPage() {
  await requireAdmin();
  const { store, decode, catalog, config, now } = await adminContext();
  // Every figure below comes from this one snapshot (computed at `at`), so they agree.
  const { overview, at } = await cachedOverview({ store, decode, catalog: catalog, config, now });
  const { stats, aggregates: a, activeByKind } = overview;
  const lastRun = overview.cleanupRuns[0];
  return (
    <AdminFrame current="overview">
      <div className="page-head">
        <h1>Overview</h1>
        <form action={refreshOverview} className="inline-form">
          <p className="muted" data-testid="figures-as-of">
            Figures as of {formatUtc(at)} (recomputed at most every {OVERVIEW_FRESH_SECONDS} seconds){" "}
            <SubmitButton className="button-small button-secondary">
              Refresh now
            </SubmitButton>
          </p>
        </form>
      </div>

      {overview.warnings.length > 0 && (
        <section className="notice notice-error" aria-labelledby="warnings-heading">
          <h2 id="warnings-heading" className="visually-hidden">
            Warnings
          </h2>
          <ul className="notice-text">
            {overview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      )}

      <dl className="stat-grid">
        <div className="stat">
          <dt>Active sessions</dt>
          <dd className="figure" data-testid="admin-active">
            <Link href="/admin/sessions?status=active">{formatCount(a.active)}</Link>
          </dd>
          <dd className="detail" data-testid="admin-kinds">
            {plural(activeByKind.guests, "guest")} · {plural(activeByKind.customers, "customer")}
          </dd>
        </div>
        <div className="stat">
          <dt>Open carts</dt>
          <dd className="figure" data-testid="admin-open-carts">
            <Link href="/admin/sessions?status=active&cart=open">{formatCount(a.openCarts)}</Link>
          </dd>
          <dd className="detail">
            <span data-testid="admin-items">{formatCount(a.itemsInOpenCarts)}</span> {a.itemsInOpenCarts === 1 ? "item" : "items"} in them
          </dd>
        </div>
        <div className="stat">
          <dt>Value in open carts</dt>
          <dd className="figure" data-testid="admin-value">
            {formatMoney(overview.openCartValue.cents, overview.openCartValue.currency)}
          </dd>
          <dd className="detail">
            {overview.openCartValue.complete ? "every open cart" : `the ${formatCount(overview.openCartValue.carts)} most recently active carts`}
          </dd>
        </div>
        <div className="stat">
          <dt>Abandoned carts</dt>
          <dd className="figure" data-testid="admin-abandoned">
            <Link href="/admin/abandoned">{formatCount(overview.abandoned)}</Link>
          </dd>
          <dd className="detail">idle {config.abandonedCartMinutes} min or more</dd>
        </div>
        <div className="stat">
          <dt>Ending in the next hour</dt>
          <dd className="figure">{formatCount(a.expiringNextHour)}</dd>
          <dd className="detail">unless the shopper comes back</dd>
        </div>
        <div className={a.expiredRows > 0 && a.expiredRows >= stats.rows / 2 ? "stat stat-warn" : "stat"}>
          <dt>Stored rows</dt>
          <dd className="figure" data-testid="admin-rows">
            <Link href="/admin/sessions">{formatCount(stats.rows)}</Link>
          </dd>
          <dd className="detail">
            {formatCount(a.active)} active + {formatCount(overview.endedRows)} ended + <span data-testid="admin-expired">{formatCount(a.expiredRows)}</span>{" "}
            expired; {formatBytes(stats.tableBytes)}
          </dd>
        </div>
      </dl>

      <section className="admin-section" aria-labelledby="charts-heading">
        <h2 id="charts-heading">
          Activity <span className="muted">times in UTC</span>
        </h2>
        <div className="charts">
          <ColumnChart
            id="created"
            title="Sessions created per hour"
            subtitle="last 48 hours, oldest on the left"
            points={createdSeries(a.createdByHour, at)}
            unit="sessions"
            xTitle="hours before now"
            xHeader="Hour (UTC)"
            emptyText="No session was created in the last 48 hours."
          />
          <ColumnChart
            id="expiry"
            title="Sessions ending per hour"
            subtitle="next 48 hours, unless the shopper comes back"
            points={endingSeries(a.expiryByHour, at)}
            unit="sessions"
            xTitle="hours from now"
            xHeader="Hour (UTC)"
            emptyText="No active session ends in the next 48 hours."
          />
          <ColumnChart
            id="cart-sizes"
            title="Cart sizes"
            subtitle="open carts by the items in them"
            points={cartSizeSeries(a.cartSizes)}
            unit="carts"
            xTitle="items in the cart"
            xHeader="Items"
            emptyText="No open carts yet: they show up here once shoppers add items."
          />
          <BarRows
            id="top-products"
            title="Top products in open carts"
            subtitle={overview.openCartValue.complete ? "units across every open cart" : `units across the ${formatCount(overview.openCartValue.carts)} latest open carts`}
            rows={overview.topProducts.map((p) => ({ label: p.name, value: p.units }))}
            unit="units"
            emptyText="No product is in an open cart yet."
          />
        </div>
      </section>

      <section className="admin-section" aria-labelledby="cleanup-heading">
        <h2 id="cleanup-heading">
          Cleanup <Link href="/admin/cleanup">Open cleanup</Link>
        </h2>
        <p>
          {lastRun
            ? `Last run ${formatRelative(lastRun.startedAt, now)} (${lastRun.source}, ${formatUtc(lastRun.startedAt)}): ${plural(lastRun.deleted, "row")} deleted.`
            : "No cleanup has run yet."}{" "}
          {a.expiredRows === 0 ? "No expired rows are waiting." : `${plural(a.expiredRows, "expired row")} ${a.expiredRows === 1 ? "is" : "are"} waiting.`}
        </p>
      </section>

      <section className="admin-section" aria-labelledby="largest-heading">
        <h2 id="largest-heading">
          Largest sessions <span className="muted">warning above {config.warnSessionKb} KB</span>
        </h2>
        {overview.largest.length === 0 ? (
          <p className="muted">No session is stored yet.</p>
        ) : (
          <div className="table-card">
            <table className="admin-table">
              <caption className="visually-hidden">The five largest stored sessions</caption>
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Kind</th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {overview.largest.map((entry) => (
                  <tr key={entry.key}>
                    <td data-label="Session">
                      <Link href={`/admin/sessions/${encodeURIComponent(entry.key)}`}>
                        <code>{entry.key}</code>
                      </Link>
                    </td>
                    <td data-label="Kind">{isGuestKey(entry.key) ? "guest" : "customer"}</td>
                    <td data-label="Size" className="num">
                      {formatBytes(entry.bytes)}
                    </td>
                    <td data-label="Last activity">
                      <span title={formatUtc(entry.updated)}>{formatRelative(entry.updated, now)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AdminFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(AdminOverviewPage);
