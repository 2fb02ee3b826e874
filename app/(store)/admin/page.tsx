import type { Metadata } from "next";
import Link from "next/link";
import { Notices } from "@/app/_components/notices";
import { systemClock } from "cartsession";
import { demoDatabase } from "@/db";
import { adminStore } from "@/lib/admin/admin-store";
import { loadOverview } from "@/lib/admin/overview";
import { formatMoney } from "@/lib/cart/money";
import { BarChart } from "./_charts/bar-chart";
import { requireAdmin } from "@/lib/admin/require-admin";
import { sessions } from "@/lib/sessions";
import { shopConfig } from "@/lib/shop-config";
import { runCleanupNow } from "./actions";

export const metadata: Metadata = { title: "Store admin", robots: { index: false } };
export const dynamic = "force-dynamic";

const bytes = (n: number | null) => (n === null ? "n/a" : n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);
const when = (unix: number) => new Date(unix * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC";

export default async function AdminOverviewPage() {
  await requireAdmin();
  const now = systemClock.nowSeconds();
  const { settings } = sessions.engine();
  const [store, db] = await Promise.all([adminStore(), demoDatabase()]);
  const overview = await loadOverview({ store, codec: settings.codec, cartKey: settings.cartKey, catalog: db.catalog, config: shopConfig(), now });
  const { aggregates: a } = overview;
  const hourLabel = (i: number) => `${i}h`;
  return (
    <section aria-labelledby="admin-heading" className="admin">
      <Notices />
      <h1 id="admin-heading">Sessions</h1>
      <p>
        <Link href="/admin/sessions">Open the session inspector</Link> · <Link href="/admin/abandoned">Abandoned carts</Link>
      </p>
      {overview.warnings.length > 0 && (
        <ul className="notices" aria-label="Warnings">
          {overview.warnings.map((w) => (
            <li key={w} className="notice notice-error">
              {w}
            </li>
          ))}
        </ul>
      )}
      <dl className="admin-figures">
        <div>
          <dt>Active sessions</dt>
          <dd data-testid="admin-active">{a.active.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Guests / customers</dt>
          <dd data-testid="admin-kinds">
            {a.activeGuests.toLocaleString("en")} / {a.activeCustomers.toLocaleString("en")}
          </dd>
        </div>
        <div>
          <dt>Open carts</dt>
          <dd data-testid="admin-open-carts">{a.openCarts.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Items in open carts</dt>
          <dd data-testid="admin-items">{a.itemsInOpenCarts.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Value in open carts{overview.openCartValue.complete ? "" : ` (latest ${overview.openCartValue.carts.toLocaleString("en")})`}</dt>
          <dd data-testid="admin-value">{formatMoney(overview.openCartValue.cents, overview.openCartValue.currency)}</dd>
        </div>
        <div>
          <dt>Expiring in the next hour</dt>
          <dd>{a.expiringNextHour.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Expired rows awaiting cleanup</dt>
          <dd data-testid="admin-expired">{a.expiredRows.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Rows</dt>
          <dd data-testid="admin-rows">{a.rows.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Table size</dt>
          <dd>{bytes(a.tableBytes)}</dd>
        </div>
      </dl>

      <div className="charts">
        <BarChart
          id="expiry"
          title="Sessions ending, by hour, next 48 hours"
          description="How many active sessions end in each of the next 48 hours unless the shopper comes back."
          bars={a.expiryByHour.map((value, i) => ({ label: hourLabel(i), value }))}
          unit="sessions"
          emptyText="No active session ends in the next 48 hours."
          labelEvery={6}
        />
        <BarChart
          id="created"
          title="Sessions created per hour, last 48 hours"
          description="How many sessions were created in each of the last 48 hours; 0h is the most recent hour."
          bars={a.createdByHour.map((value, i) => ({ label: hourLabel(i), value }))}
          unit="sessions"
          emptyText="No session was created in the last 48 hours."
          labelEvery={6}
        />
        <BarChart
          id="cart-sizes"
          title="Cart sizes (items per open cart)"
          description="How many open carts hold 1, 2, … 9, or 10 or more items."
          bars={a.cartSizes.slice(1).map((value, i) => ({ label: i === 9 ? "10+" : String(i + 1), value }))}
          unit="carts"
          emptyText="No open carts yet: they show up here once shoppers add items."
        />
        <BarChart
          id="top-products"
          title="Top products in open carts"
          description="Units of each product in the open carts looked at, most first."
          bars={overview.topProducts.map((p) => ({ label: p.name.split(" ")[0] ?? p.name, value: p.units }))}
          unit="units"
          emptyText="No product is in an open cart yet."
        />
      </div>

      <h2>Cleanup</h2>
      <form action={runCleanupNow}>
        <button type="submit">Run cleanup now</button>
      </form>
      {overview.cleanupRuns.length === 0 ? (
        <p className="muted">No cleanup has run yet. Schedule the cron route (see the README) or run one now.</p>
      ) : (
        <table className="admin-table">
          <caption>Last cleanup runs</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Source</th>
              <th scope="col">Kind</th>
              <th scope="col">Deleted</th>
              <th scope="col">Batches</th>
              <th scope="col">Duration</th>
              <th scope="col">Remaining</th>
            </tr>
          </thead>
          <tbody data-testid="cleanup-runs">
            {overview.cleanupRuns.map((run) => (
              <tr key={`${run.startedAt}-${run.source}-${run.kind}`}>
                <td>{when(run.startedAt)}</td>
                <td>{run.source}</td>
                <td>{run.kind}</td>
                <td>{run.deleted.toLocaleString("en")}</td>
                <td>{run.batches}</td>
                <td>{run.durationMs} ms</td>
                <td>{run.remaining.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Largest sessions</h2>
      {overview.largest.length === 0 ? (
        <p className="muted">No session is stored yet.</p>
      ) : (
        <table className="admin-table">
          <caption>The five largest stored sessions</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Size</th>
              <th scope="col">Row kept until</th>
              <th scope="col">Last activity</th>
            </tr>
          </thead>
          <tbody>
            {overview.largest.map((entry) => (
              <tr key={entry.key}>
                <td>
                  <code>{entry.key}</code>
                </td>
                <td>{bytes(entry.bytes)}</td>
                <td>{when(entry.activeUntil)}</td>
                <td>{when(entry.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
