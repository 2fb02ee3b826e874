import Link from "next/link";

/** The 404 for an unknown product id, in both catalog variants, with or without JavaScript. */
export function ProductNotFound() {
  return (
    <section className="not-found" aria-labelledby="not-found-heading">
      <p className="code">Error 404</p>
      <h1 id="not-found-heading">Product not found</h1>
      <p>We have no product at this address. It may have been renamed or is no longer sold.</p>
      <p className="actions">
        <Link href="/" className="button">
          Back to the shop
        </Link>
        <Link href="/cart" className="button button-secondary">
          Your cart
        </Link>
      </p>
    </section>
  );
}
