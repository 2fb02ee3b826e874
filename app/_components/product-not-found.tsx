import Link from "next/link";

/** The 404 for an unknown product id, in both catalog variants. */
export function ProductNotFound() {
  return (
    <section className="card">
      <h1>Product not found</h1>
      <p>
        We have nothing by that name. <Link href="/">Back to the shop</Link>
      </p>
    </section>
  );
}
