import Link from "next/link";
import { IDEMPOTENCY_FIELD } from "cartsession/next";
import { addToCart } from "@/app/(store)/cart/actions";
import type { Product } from "@/lib/cart/catalog";
import { MAX_LINE_QUANTITY } from "@/lib/cart/model";
import { formatMoney } from "@/lib/cart/money";
import { ReturnIcon, StoreIcon, TruckIcon } from "./icons";
import { IdempotencyField } from "./idempotency-field";
import { ProductImage } from "./product-image";
import { SubmitButton } from "@/app/_components/submit-button";

/** One product with its add-to-cart form, and a few others to look at. Holds nothing about the visitor. */
export function ProductDetail({ product, others }: { product: Product; others: readonly Product[] }) {
  const more = others.filter((p) => p.id !== product.id).slice(0, 4);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link href="/">Shop</Link>
          </li>
          <li>
            <span aria-current="page">{product.name}</span>
          </li>
        </ol>
      </nav>
      <article className="product-detail">
        <ProductImage id={product.id} swatch={product.swatch} alt={`Illustration of the ${product.name}`} eager />
        <div>
          <h1>{product.name}</h1>
          <p className="price price-lg">{formatMoney(product.priceCents, product.currency)}</p>
          <p className="product-description">{product.description}</p>
          <form action={addToCart} className="add-form">
            <input type="hidden" name="productId" value={product.id} />
            <input type="hidden" name="returnTo" value={`/products/${product.id}`} />
            <IdempotencyField name={IDEMPOTENCY_FIELD} />
            <div className="field">
              <label htmlFor="quantity">Quantity</label>
              <input id="quantity" name="quantity" type="number" inputMode="numeric" min={1} max={MAX_LINE_QUANTITY} defaultValue={1} required />
            </div>
            <SubmitButton>Add to cart</SubmitButton>
          </form>
          <ul className="perks">
            <li>
              <TruckIcon /> Standard delivery in 3 to 5 days for $5.00, next day for $15.00
            </li>
            <li>
              <StoreIcon /> Free pickup in store
            </li>
            <li>
              <ReturnIcon /> Your cart waits for you across tabs, and across devices once you log in
            </li>
          </ul>
        </div>
      </article>
      {more.length > 0 && (
        <section className="more-products" aria-labelledby="more-heading">
          <h2 id="more-heading">You may also like</h2>
          <ul className="more-grid">
            {more.map((p) => (
              <li key={p.id}>
                <Link href={`/products/${p.id}`}>
                  <ProductImage id={p.id} swatch={p.swatch} />
                  <span>{p.name}</span>
                  <span className="price">{formatMoney(p.priceCents, p.currency)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The products to suggest after `id`: the next ones in catalog order, wrapping round. */
export function nextProducts(all: readonly Product[], id: string, count = 4): Product[] {
  const at = all.findIndex((p) => p.id === id);
  return Array.from({ length: Math.min(count, Math.max(0, all.length - 1)) }, (_, i) => all[(at + 1 + i) % all.length]).filter(
    (p): p is Product => p !== undefined && p.id !== id,
  );
}
