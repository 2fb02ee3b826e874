import type { Metadata } from "next";
import Link from "next/link";
import { Notices } from "@/app/_components/notices";
import { CartLineSummary } from "@/app/_components/cart-line-summary";
import { MAX_LINE_QUANTITY } from "@/lib/cart/model";
import { formatMoney } from "@/lib/cart/money";
import { catalog } from "@/lib/shop";
import { IdempotencyField } from "@/app/_components/idempotency-field";
import { IDEMPOTENCY_FIELD } from "cartsession/next";
import type { ShopSession } from "@/lib/cart/shop-session";
import { buildCartView } from "@/lib/cart/view";
import { getSession, pageOrUnavailable } from "@/lib/sessions";
import { emptyCart, removeCartLine, updateCartLine } from "./actions";
import { SubmitButton } from "@/app/_components/submit-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cart" };

async function CartPage() {
  const session = await getSession<ShopSession>();
  const cart = await buildCartView(session.get("cart"), catalog);
  const money = (cents: number) => formatMoney(cents, cart.currency);
  return (
    <>
      <Notices />
      <h1>Your cart</h1>
      {cart.items.length === 0 ? (
        <section className="card empty-state">
          <p data-testid="cart-empty">Your cart is empty.</p>
          <p className="muted">Add something from the shop and it will wait here for you.</p>
          <Link href="/" className="button">
            Browse the shop
          </Link>
        </section>
      ) : (
        <div className="with-summary">
          <section className="card" aria-labelledby="lines-heading">
            <h2 id="lines-heading" className="visually-hidden">
              Products in your cart
            </h2>
            <ul className="cart-lines" data-testid="cart-table">
              {cart.items.map((item) => (
                <li key={item.productId} className="cart-line" data-testid={`cart-line-${item.productId}`}>
                  <CartLineSummary item={item} currency={cart.currency} />
                  {/*
                    − and + are forms of their own that send a step, applied to the quantity stored (so
                    they work without JavaScript); the field belongs to the Update form (form=…), so
                    Enter in it updates, and the order on screen is the order in the page.
                  */}
                  <div className="quantity-form">
                    <form action={updateCartLine}>
                      <input type="hidden" name="productId" value={item.productId} />
                      <IdempotencyField name={IDEMPOTENCY_FIELD} />
                      <input type="hidden" name="step" value="-1" />
                      <SubmitButton className="button-secondary stepper" aria-label={`Decrease quantity of ${item.name}`}>
                        −
                      </SubmitButton>
                    </form>
                    <label htmlFor={`quantity-${item.productId}`} className="visually-hidden">
                      Quantity of {item.name}
                    </label>
                    <input
                      id={`quantity-${item.productId}`}
                      form={`update-${item.productId}`}
                      name="quantity"
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={MAX_LINE_QUANTITY}
                      defaultValue={item.quantity}
                      required
                    />
                    <form action={updateCartLine}>
                      <input type="hidden" name="productId" value={item.productId} />
                      <IdempotencyField name={IDEMPOTENCY_FIELD} />
                      <input type="hidden" name="step" value="1" />
                      <SubmitButton
                        className="button-secondary stepper"
                        aria-label={`Increase quantity of ${item.name}`}
                        disabled={item.quantity >= MAX_LINE_QUANTITY}
                      >
                        +
                      </SubmitButton>
                    </form>
                    <form action={updateCartLine} id={`update-${item.productId}`}>
                      <input type="hidden" name="productId" value={item.productId} />
                      <IdempotencyField name={IDEMPOTENCY_FIELD} />
                      <SubmitButton className="button-secondary button-small" aria-label={`Update quantity of ${item.name}`}>
                        Update
                      </SubmitButton>
                    </form>
                  </div>
                  <form action={removeCartLine} className="remove-form">
                    <input type="hidden" name="productId" value={item.productId} />
                      <IdempotencyField name={IDEMPOTENCY_FIELD} />
                    <SubmitButton className="link-button" aria-label={`Remove ${item.name}`}>
                      Remove
                    </SubmitButton>
                  </form>
                </li>
              ))}
            </ul>
            <div className="cart-footer">
              <Link href="/">← Continue shopping</Link>
              <form action={emptyCart}>
                <SubmitButton className="link-button">
                  Empty cart
                </SubmitButton>
              </form>
            </div>
          </section>
          <section className="card summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">Summary</h2>
            <dl className="totals">
              <dt>Items</dt>
              <dd data-testid="cart-count">{cart.itemCount}</dd>
              <dt>Subtotal</dt>
              <dd data-testid="cart-subtotal">{money(cart.subtotal)}</dd>
              <dt>Shipping</dt>
              <dd className="muted">Chosen at checkout</dd>
            </dl>
            <p className="muted small">Free pickup in store, or delivery from $5.00.</p>
            <div className="actions">
              <Link href="/checkout" className="button">
                Proceed to checkout
              </Link>
            </div>
          </section>
        </div>
      )}
    </>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(CartPage);
