import type { Metadata } from "next";
import Link from "next/link";
import { MAX_LINE_QUANTITY } from "@/lib/cart/model";
import { formatMoney } from "@/lib/cart/money";
import { shopCatalog } from "@/lib/cart/shop-catalog";
import type { ShopSession } from "@/lib/cart/shop-session";
import { buildCartView } from "@/lib/cart/view";
import { getSession } from "@/lib/sessions";
import { Notices } from "@/app/_components/notices";
import { Swatch } from "@/app/_components/swatch";
import { emptyCart, removeCartLine, updateCartLine } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cart" };

export default async function CartPage() {
  const session = await getSession<ShopSession>();
  const cart = await buildCartView(session.get("cart"), await shopCatalog());
  return (
    <>
      <Notices />
      <h1>Your cart</h1>
      {cart.items.length === 0 ? (
        <section className="card empty-cart">
          <p data-testid="cart-empty">Your cart is empty.</p>
          <Link href="/" className="button-link">
            Browse the shop
          </Link>
        </section>
      ) : (
        <section className="card">
          <table className="cart-table" data-testid="cart-table">
            <caption className="visually-hidden">Products in your cart</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Price</th>
                <th scope="col">Quantity</th>
                <th scope="col">Total</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.items.map((item) => (
                <tr key={item.productId} data-testid={`cart-line-${item.productId}`}>
                  <th scope="row">
                    <span className="cart-product">
                      <Swatch colour={item.swatch} size="sm" />
                      <Link href={`/products/${item.productId}`}>{item.name}</Link>
                    </span>
                  </th>
                  <td data-label="Price">{formatMoney(item.unitPrice, cart.currency)}</td>
                  <td data-label="Quantity">
                    <form action={updateCartLine} className="quantity-form">
                      <input type="hidden" name="productId" value={item.productId} />
                      <label htmlFor={`quantity-${item.productId}`} className="visually-hidden">
                        Quantity of {item.name}
                      </label>
                      <input
                        id={`quantity-${item.productId}`}
                        name="quantity"
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={MAX_LINE_QUANTITY}
                        defaultValue={item.quantity}
                        required
                      />
                      <button type="submit" className="secondary" aria-label={`Update quantity of ${item.name}`}>
                        Update
                      </button>
                    </form>
                  </td>
                  <td data-label="Total" data-testid="line-total">
                    {formatMoney(item.lineTotal, cart.currency)}
                  </td>
                  <td>
                    <form action={removeCartLine}>
                      <input type="hidden" name="productId" value={item.productId} />
                      <button type="submit" className="link-button" aria-label={`Remove ${item.name}`}>
                        Remove
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="cart-summary">
            <p>
              <span data-testid="cart-count">{cart.itemCount}</span> {cart.itemCount === 1 ? "item" : "items"}, subtotal{" "}
              <strong data-testid="cart-subtotal">{formatMoney(cart.subtotal, cart.currency)}</strong>
            </p>
            <div className="cart-actions">
              <form action={emptyCart}>
                <button type="submit" className="secondary">
                  Empty cart
                </button>
              </form>
              <Link href="/checkout" className="button-link">
                Proceed to checkout
              </Link>
            </div>
          </div>
        </section>
      )}
    </>
  );
}
