import type { Metadata } from "next";
import Link from "next/link";
import { formatMoney } from "@/lib/cart/money";
import type { ShopSession } from "@/lib/cart/shop-session";
import { getSession } from "@/lib/sessions";
import { Notices } from "@/app/_components/notices";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Order placed" };

export default async function ConfirmationPage() {
  const order = (await getSession<ShopSession>()).get("lastOrder");
  return (
    <>
      <Notices />
      <section className="card">
        {order ? (
          <>
            <h1>Order placed</h1>
            <p>
              Your order <strong data-testid="order-reference">{order.reference}</strong> of {order.itemCount}{" "}
              {order.itemCount === 1 ? "item" : "items"} for {formatMoney(order.totalCents, order.currency)} is confirmed. A
              receipt would go to {order.email}.
            </p>
          </>
        ) : (
          <>
            <h1>No order yet</h1>
            <p>You have not placed an order in this session.</p>
          </>
        )}
        <Link href="/" className="button-link">
          Continue shopping
        </Link>
      </section>
    </>
  );
}
