import type { Metadata } from "next";
import Link from "next/link";
import { CheckIcon } from "@/app/_components/icons";
import { Notices } from "@/app/_components/notices";
import { formatMoney } from "@/lib/cart/money";
import type { ShopSession } from "@/lib/cart/shop-session";
import { getSession } from "@/lib/sessions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Order placed" };

export default async function ConfirmationPage() {
  const order = (await getSession<ShopSession>()).get("lastOrder");
  return (
    <>
      <Notices />
      <section className="card confirmation narrow" aria-labelledby="confirmation-heading">
        {order ? (
          <>
            <CheckIcon />
            <h1 id="confirmation-heading">Order placed</h1>
            <p>
              Order <strong data-testid="order-reference">{order.reference}</strong>
            </p>
            {order.lines && order.lines.length > 0 && (
              <table className="order-lines" data-testid="order-lines">
                <caption className="visually-hidden">What you ordered</caption>
                <thead className="visually-hidden">
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Total</th>
                  </tr>
                </thead>
                <tbody>
                  {order.lines.map((line) => (
                    <tr key={line.productId}>
                      <th scope="row">
                        {line.quantity} × {line.name}
                      </th>
                      <td>{formatMoney(line.lineTotalCents, order.currency)}</td>
                    </tr>
                  ))}
                  {order.shipping && (
                    <tr>
                      <th scope="row">{order.shipping.name}</th>
                      <td>{order.shipping.priceCents === 0 ? "Free" : formatMoney(order.shipping.priceCents, order.currency)}</td>
                    </tr>
                  )}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td>{formatMoney(order.totalCents, order.currency)}</td>
                  </tr>
                </tfoot>
              </table>
            )}
            <p>
              {order.itemCount} {order.itemCount === 1 ? "item" : "items"} for {formatMoney(order.totalCents, order.currency)}. A receipt would go
              to {order.email}.
            </p>
          </>
        ) : (
          <>
            <h1 id="confirmation-heading">No order yet</h1>
            <p>You have not placed an order in this session.</p>
          </>
        )}
        <Link href="/" className="button">
          Continue shopping
        </Link>
      </section>
    </>
  );
}
