import type { Metadata } from "next";
import Link from "next/link";
import { Notices } from "@/app/_components/notices";
import { systemClock } from "cartsession";
import { demoDatabase } from "@/db";
import { adminStore } from "@/lib/admin/admin-store";
import { findAbandonedCarts } from "@/lib/admin/abandoned";
import { requireAdmin } from "@/lib/admin/require-admin";
import { formatMoney } from "@/lib/cart/money";
import { sessions } from "@/lib/sessions";
import { shopConfig } from "@/lib/shop-config";
import { createRestoreLinkAction } from "./actions";

export const metadata: Metadata = { title: "Abandoned carts · admin", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function AbandonedCartsPage() {
  await requireAdmin();
  const config = shopConfig();
  const { settings } = sessions.engine();
  const now = systemClock.nowSeconds();
  const [store, db] = await Promise.all([adminStore(), demoDatabase()]);
  const { carts, total } = await findAbandonedCarts({
    store,
    codec: settings.codec,
    cartKey: settings.cartKey,
    catalog: db.catalog,
    now,
    windowMinutes: config.abandonedCartMinutes,
    limit: 50,
  });
  return (
    <section aria-labelledby="abandoned-heading" className="admin">
      <Notices />
      <p className="breadcrumb">
        <Link href="/admin">Admin</Link> / Abandoned carts
      </p>
      <h1 id="abandoned-heading">Abandoned carts</h1>
      <p className="muted">
        Carts with items and no activity for {config.abandonedCartMinutes} minutes or more (<code>ABANDONED_CART_MINUTES</code>), most
        recently active first. <a href="/admin/abandoned/csv">Download CSV</a> (with a fresh restore link per cart).
      </p>
      {carts.length === 0 ? (
        <p className="muted">No abandoned carts right now{total > 0 ? ` (${total.toLocaleString("en")} in all)` : ""}.</p>
      ) : (
        <table className="admin-table">
          <caption>{total.toLocaleString("en")} abandoned carts{total > carts.length ? ` (the ${carts.length} most recently active shown)` : ""}</caption>
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Kind</th>
              <th scope="col">Items</th>
              <th scope="col">Value</th>
              <th scope="col">Last activity</th>
              <th scope="col">Restore link</th>
            </tr>
          </thead>
          <tbody>
            {carts.map((cart) => (
              <tr key={cart.key} data-testid={`abandoned-${cart.key}`}>
                <td>
                  <Link href={`/admin/sessions/${encodeURIComponent(cart.key)}`}>
                    <code>{cart.key}</code>
                  </Link>
                </td>
                <td>{cart.kind}</td>
                <td>{cart.items}</td>
                <td>{formatMoney(cart.valueCents, cart.currency)}</td>
                <td>{new Date(cart.lastActivity * 1000).toISOString().replace("T", " ").slice(0, 16)} UTC</td>
                <td>
                  <form action={createRestoreLinkAction}>
                    <input type="hidden" name="key" value={cart.key} />
                    <button type="submit" aria-label={`Create a restore link for ${cart.key}`}>
                      Create link
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
