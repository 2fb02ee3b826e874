import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Link no longer valid" };

export default function RestoreFailedPage() {
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
