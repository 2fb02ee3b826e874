import Link from "next/link";

/** Every checkout step with an empty cart: a page with its heading and a way back. */
export function EmptyCartNotice() {
  return (
    <>
      <h1>Checkout</h1>
      <section className="card empty-state">
        <p>Your cart is empty, so there is nothing to check out yet.</p>
        <Link href="/" className="button">
          Browse the shop
        </Link>
      </section>
    </>
  );
}
