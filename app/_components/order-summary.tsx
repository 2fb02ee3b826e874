import type { ReactNode } from "react";
import { formatMoney } from "@/lib/cart/money";
import type { CartView } from "@/lib/cart/view";
import { ProductImage } from "./product-image";

/**
 * The order summary beside the cart and every checkout step: each line with its picture
 * and quantity, the subtotal, shipping (once chosen) and the total.
 */
export function OrderSummary({
  cart,
  shipping,
  children,
  totalTestId,
}: {
  cart: CartView;
  /** The chosen method, or what to say while it is still to be chosen. */
  shipping: { name: string; cents: number } | { pending: string };
  children?: ReactNode;
  totalTestId?: string;
}) {
  const money = (cents: number) => formatMoney(cents, cart.currency);
  return (
    <section className="card summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">
        Order summary <span className="muted small">{cart.itemCount === 1 ? "1 item" : `${cart.itemCount} items`}</span>
      </h2>
      <ul className="summary-items">
        {cart.items.map((item) => (
          <li key={item.productId}>
            <span className="product-thumb">
              <ProductImage id={item.productId} swatch={item.swatch} className="product-media" />
              <span className="summary-qty" aria-hidden="true">
                {item.quantity}
              </span>
            </span>
            <span className="name">
              {item.name}
              <span className="visually-hidden">, quantity {item.quantity}</span>
            </span>
            <span className="amount">{money(item.lineTotal)}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>Subtotal</dt>
        <dd data-testid="summary-subtotal">{money(cart.subtotal)}</dd>
        <dt>Shipping{"name" in shipping ? <span className="visually-hidden">: {shipping.name}</span> : null}</dt>
        <dd>{"pending" in shipping ? <span className="muted">{shipping.pending}</span> : shipping.cents === 0 ? "Free" : money(shipping.cents)}</dd>
        <dt className="grand">Total</dt>
        <dd className="grand" data-testid={totalTestId}>
          {money(cart.subtotal + ("cents" in shipping ? shipping.cents : 0))}
        </dd>
      </dl>
      {children}
    </section>
  );
}
