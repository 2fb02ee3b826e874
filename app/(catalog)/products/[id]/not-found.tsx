import Link from "next/link";

export default function ProductNotFound() {
  return (
    <section className="card">
      <h1>Product not found</h1>
      <p>
        We have nothing by that name. <Link href="/">Back to the shop</Link>
      </p>
    </section>
  );
}
