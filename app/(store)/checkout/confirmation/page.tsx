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
