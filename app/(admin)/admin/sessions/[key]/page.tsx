import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatBytes, formatRelative, formatUtc } from "@/lib/admin/format";
import { describeSession } from "@/lib/admin/session-view";
import { formatMoney } from "@/lib/cart/money";
import { statusOf } from "@/lib/admin/list-query";
import { adminContext, isGuestKey } from "@/lib/admin/admin-store";
import { requireAdmin } from "@/lib/admin/require-admin";
import { isSessionKey as isValidSessionKey } from "@/lib/admin/session-key";
import { deleteSessionAction } from "../actions";
import { AdminBreadcrumb, AdminFrame } from "../../_components/admin-frame";
import { pageOrUnavailable } from "@/lib/sessions";
import { SubmitButton } from "@/app/_components/submit-button";

export const metadata: Metadata = { title: "Session" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }>; searchParams: Promise<{ confirm?: string }> };

async function SessionDetailPage({ params, searchParams }: Props) {
  await requireAdmin();
  const key = decodeURIComponent((await params).key);
  if (!isValidSessionKey(key)) notFound();
  const { store, decode, catalog, customer, now } = await adminContext();
  const [row, entry, products] = await Promise.all([store.load(key), store.entry(key, now), catalog.list()]);
  if (!row) notFound();
  const confirming = (await searchParams).confirm === "1";
  const data = decode(row.value, key);
  const status = statusOf(row, { now });
  const view = describeSession(data, products);
  const account = row.customerId !== null && !isGuestKey(key) ? await customer(row.customerId) : null;
  const money = (cents: number) => formatMoney(cents, view.currency);
  const when = (unix: number) => (
    <>
      {formatUtc(unix)} <span className="muted">({formatRelative(unix, now)})</span>
    </>
  );
  return (
    <AdminFrame current="sessions">
      <AdminBreadcrumb trail={[{ href: "/admin/sessions", label: "Sessions" }, { label: <code>{key}</code> }]} />
      <h1>
        {isGuestKey(key) ? "Guest" : "Customer"} session <code>{key}</code>
      </h1>
      <dl className="facts facts-plain" data-testid="session-facts">
        <dt>Customer</dt>
        <dd data-testid="session-customer">
          {account ? (
            <>
              {account.name} · <a href={`mailto:${account.email}`}>{account.email}</a>
            </>
          ) : view.email ? (
            <>
              Guest · <a href={`mailto:${view.email}`}>{view.email}</a> <span className="muted">(typed at checkout)</span>
            </>
          ) : (
            <>Guest, no email yet</>
          )}
        </dd>
        <dt>Status</dt>
        <dd>
          <span className={`pill pill-${status}`}>{status}</span>
        </dd>
        {entry && (
          <>
            <dt>Created</dt>
            <dd data-testid="session-created">{when(entry.created)}</dd>
            <dt>Last activity</dt>
            <dd data-testid="session-updated">{when(entry.updated)}</dd>
          </>
        )}
        <dt>Cookie ends</dt>
        <dd>{when(row.activeUntil)}</dd>
        <dt>Row kept until</dt>
        <dd>{formatUtc(row.expiry)}</dd>
        <dt>Stored value</dt>
        <dd>
          {formatBytes(Buffer.byteLength(row.value))}, version {row.version}
        </dd>
      </dl>

      <section className="admin-section" aria-labelledby="cart-heading">
        <h2 id="cart-heading">Cart</h2>
        {view.lines.length === 0 ? (
          <p className="muted">The cart is empty.</p>
        ) : (
          <div className="table-card">
            <table className="admin-table" data-testid="session-cart">
              <caption className="visually-hidden">Products in this session&apos;s cart</caption>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    Price
                  </th>
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.lines.map((line) => (
                  <tr key={line.productId}>
                    <td data-label="Product">
                      {line.unitCents === null ? line.name : <Link href={`/products/${line.productId}`}>{line.name}</Link>}
                    </td>
                    <td data-label="Quantity" className="num">
                      {line.quantity}
                    </td>
                    <td data-label="Price" className="num">
                      {line.unitCents === null ? "n/a" : money(line.unitCents)}
                    </td>
                    <td data-label="Total" className="num">
                      {line.totalCents === null ? "n/a" : money(line.totalCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    Subtotal
                  </th>
                  <td data-label="Subtotal" className="num" data-testid="session-subtotal">
                    {money(view.subtotalCents)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>

      {(view.checkout || view.lastOrder) && (
        <section className="admin-section" aria-labelledby="checkout-heading">
          <h2 id="checkout-heading">Checkout</h2>
          <dl className="facts facts-plain">
            {view.checkout?.name && (
              <>
                <dt>Name</dt>
                <dd>{view.checkout.name}</dd>
              </>
            )}
            {view.checkout?.place && (
              <>
                <dt>Ships to</dt>
                <dd>{view.checkout.place}</dd>
              </>
            )}
            {view.checkout?.shipping && (
              <>
                <dt>Shipping</dt>
                <dd>{view.checkout.shipping}</dd>
              </>
            )}
            {view.lastOrder && (
              <>
                <dt>Last order</dt>
                <dd>
                  {view.lastOrder.reference}: {view.lastOrder.itemCount} {view.lastOrder.itemCount === 1 ? "item" : "items"} for{" "}
                  {formatMoney(view.lastOrder.totalCents, view.lastOrder.currency)}, {view.lastOrder.placedAt.replace("T", " ").slice(0, 16)} UTC
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      <details className="admin-section raw-data">
        <summary>Stored data as JSON{view.otherKeys.length > 0 ? ` (also holds: ${view.otherKeys.join(", ")})` : ""}</summary>
        <pre className="json" data-testid="session-json" tabIndex={0} aria-label="Stored data as JSON">
          {JSON.stringify(data, null, 2)}
        </pre>
      </details>
      {confirming ? (
        <form action={deleteSessionAction} className="card danger-zone stack">
          <input type="hidden" name="key" value={key} />
          <p role="alert">Delete this session? The shopper&apos;s cart and everything else in it will be gone.</p>
          <p className="actions">
            <SubmitButton className="button-danger">
              Yes, delete session {key}
            </SubmitButton>
            <Link href={`/admin/sessions/${encodeURIComponent(key)}`}>Cancel</Link>
          </p>
        </form>
      ) : (
        <p>
          <Link href={`/admin/sessions/${encodeURIComponent(key)}?confirm=1`} className="button button-secondary">
            Delete this session…
          </Link>
        </p>
      )}
    </AdminFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(SessionDetailPage);
