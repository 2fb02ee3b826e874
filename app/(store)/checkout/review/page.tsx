import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { countryName, shippingMethod, validateContact, validateShipping } from "@/lib/checkout/fields";
import { formatMoney } from "@/lib/cart/money";
import { shopCatalog } from "@/lib/cart/shop-catalog";
import type { ShopSession } from "@/lib/cart/shop-session";
import { buildCartView } from "@/lib/cart/view";
import { getSession } from "@/lib/sessions";
import { Notices } from "@/app/_components/notices";
import { placeOrder } from "../actions";
import { CheckoutSteps } from "../_components/checkout-steps";
import { EmptyCartNotice } from "../_components/empty-cart-notice";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout: review" };

export default async function ReviewPage() {
  const session = await getSession<ShopSession>();
  const cart = await buildCartView(session.get("cart"), await shopCatalog());
  if (cart.items.length === 0) return <EmptyCartNotice />;
  const draft = session.get("checkout", {});
  const contact = validateContact(draft.contact);
  if (!contact.ok) redirect("/checkout");
  const shipping = validateShipping(draft.shipping);
  if (!shipping.ok) redirect("/checkout/shipping");
  const method = shippingMethod(shipping.value.method);
  const shippingCents = method?.priceCents ?? 0;
  const c = contact.value;
  return (
    <>
      <Notices />
      <h1>Checkout</h1>
      <CheckoutSteps current={2} />
      <div className="review-grid">
        <section className="card" aria-labelledby="review-contact">
          <h2 id="review-contact">Contact and address</h2>
          <p data-testid="review-contact">
            {c.fullName}
            <br />
            {c.email}
            <br />
            {c.address}
            <br />
            {c.postcode} {c.city}
            <br />
            {countryName(c.country)}
          </p>
          <Link href="/checkout">Change</Link>
        </section>
        <section className="card" aria-labelledby="review-shipping">
          <h2 id="review-shipping">Shipping</h2>
          <p data-testid="review-shipping">{method?.name}</p>
          {shipping.value.notes ? <p data-testid="review-notes">Notes: {shipping.value.notes}</p> : null}
          <Link href="/checkout/shipping">Change</Link>
        </section>
      </div>
      <section className="card" aria-labelledby="review-items">
        <h2 id="review-items">Items</h2>
        <ul className="review-items">
          {cart.items.map((item) => (
            <li key={item.productId}>
              <span>
                {item.quantity} × {item.name}
              </span>
              <span>{formatMoney(item.lineTotal, cart.currency)}</span>
            </li>
          ))}
          <li>
            <span>Shipping</span>
            <span>{shippingCents === 0 ? "free" : formatMoney(shippingCents, cart.currency)}</span>
          </li>
          <li className="review-total">
            <span>Total</span>
            <strong data-testid="review-total">{formatMoney(cart.subtotal + shippingCents, cart.currency)}</strong>
          </li>
        </ul>
        <form action={placeOrder} className="form-actions">
          <button type="submit">Place order</button>
        </form>
        <p className="muted">This is a demo store: no payment is taken and nothing ships.</p>
      </section>
    </>
  );
}
