import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Link no longer valid" };

export default function RestoreFailedPage() {
  return (
    <section className="card">
      <h1>This link no longer works</h1>
      <p>
        Cart links work once and for a week. Your cart was not changed. <Link href="/">Continue shopping</Link> or{" "}
        <Link href="/cart">see your cart</Link>.
      </p>
    </section>
  );
}
