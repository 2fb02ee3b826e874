import Link from "next/link";

/**
 * What a used, expired or unknown restore link shows (the link's page answers 404 with it,
 * and a restore that fails lands on /cart/restore-failed with it). Nothing was changed.
 */
export function RestoreLinkFailed() {
  return (
    <section className="card narrow" aria-labelledby="restore-failed-heading">
      <h1 id="restore-failed-heading">This link no longer works</h1>
      <p>Cart links work once and for a week. Your cart was not changed.</p>
      <p className="actions">
        <Link href="/" className="button">
          Continue shopping
        </Link>
        <Link href="/cart" className="button button-secondary">
          See your cart
        </Link>
      </p>
    </section>
  );
}
