import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { countryName, shippingMethod, validateContact, validateShipping } from "@/lib/checkout/fields";
import { catalog } from "@/lib/shop";
import type { ShopSession } from "@/lib/cart/shop-session";
import { buildCartView } from "@/lib/cart/view";
import { getSession, pageOrUnavailable } from "@/lib/sessions";
import { placeOrder } from "../actions";
import { CheckoutFrame } from "../_components/checkout-frame";
import { EmptyCartNotice } from "../_components/empty-cart-notice";
import { SubmitButton } from "@/app/_components/submit-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout: review" };

async function ReviewPage() {
  const session = await getSession<ShopSession>();
  const cart = await buildCartView(session.get("cart"), catalog);
  if (cart.items.length === 0) return <EmptyCartNotice />;
  const draft = session.get("checkout", {});
  const contact = validateContact(draft.contact);
  if (!contact.ok) redirect("/checkout");
  const shipping = validateShipping(draft.shipping);
  if (!shipping.ok) redirect("/checkout/shipping");
  const method = shippingMethod(shipping.value.method);
  const c = contact.value;
  return (
    <CheckoutFrame
      step={2}
      cart={cart}
      shipping={{ name: method?.name ?? "", cents: method?.priceCents ?? 0 }}
      totalTestId="review-total"
      summaryExtra={
        <>
          <form action={placeOrder} className="actions">
            <SubmitButton className="button-block">
              Place order
            </SubmitButton>
          </form>
          <p className="muted small">This is a demo store: no payment is taken and nothing ships.</p>
        </>
      }
    >
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
          <Link href="/checkout">
            Change<span className="visually-hidden"> contact and address</span>
          </Link>
        </section>
        <section className="card" aria-labelledby="review-shipping">
          <h2 id="review-shipping">Shipping</h2>
          <p data-testid="review-shipping">{method?.name}</p>
          {shipping.value.notes ? <p data-testid="review-notes">Notes: {shipping.value.notes}</p> : null}
          <Link href="/checkout/shipping">
            Change<span className="visually-hidden"> shipping</span>
          </Link>
        </section>
      </div>
      <p className="muted">Check the order summary, then place your order. You can still change anything above.</p>
    </CheckoutFrame>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(ReviewPage);
