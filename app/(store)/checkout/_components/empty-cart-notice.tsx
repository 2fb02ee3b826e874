import Link from "next/link";

export function EmptyCartNotice() {
  return (
    <section className="card empty-cart">
      <p>Your cart is empty, so there is nothing to check out yet.</p>
      <Link href="/" className="button-link">
        Browse the shop
      </Link>
    </section>
  );
}
