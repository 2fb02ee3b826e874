import Link from "next/link";
import { addToCart } from "@/app/(store)/cart/actions";
import type { Product } from "@/lib/cart/catalog";
import { MAX_LINE_QUANTITY } from "@/lib/cart/model";
import { formatMoney } from "@/lib/cart/money";
import { Swatch } from "./swatch";

/** One product with its add-to-cart form. Holds nothing about the visitor. */
export function ProductDetail({ product }: { product: Product }) {
  return (
    <>
      <p className="breadcrumb">
        <Link href="/">Shop</Link> / {product.name}
      </p>
      <article className="product-detail">
        <Swatch colour={product.swatch} size="lg" />
        <div>
          <h1>{product.name}</h1>
          <p className="price price-lg">{formatMoney(product.priceCents, product.currency)}</p>
          <p>{product.description}</p>
          <form action={addToCart} className="add-form">
            <input type="hidden" name="productId" value={product.id} />
            <input type="hidden" name="returnTo" value={`/products/${product.id}`} />
            <label htmlFor="quantity">Quantity</label>
            <input id="quantity" name="quantity" type="number" inputMode="numeric" min={1} max={MAX_LINE_QUANTITY} defaultValue={1} required />
            <button type="submit">Add to cart</button>
          </form>
        </div>
      </article>
    </>
  );
}
