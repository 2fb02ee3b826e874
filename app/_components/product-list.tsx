import Link from "next/link";
import { addToCart } from "@/app/(store)/cart/actions";
import type { Product } from "@/lib/cart/catalog";
import { formatMoney } from "@/lib/cart/money";
import { Swatch } from "./swatch";

/** The product grid. Holds nothing about the visitor, so it can be shared from a cache. */
export function ProductList({ products }: { products: readonly Product[] }) {
  return (
    <>
      <h1>Shop</h1>
      <ul className="product-grid" aria-label="Products">
        {products.map((product) => (
          <li key={product.id} className="product-card" data-testid={`product-${product.id}`}>
            <Link href={`/products/${product.id}`} className="product-link">
              <Swatch colour={product.swatch} />
              <span className="product-name">{product.name}</span>
            </Link>
            <span className="price">{formatMoney(product.priceCents, product.currency)}</span>
            <form action={addToCart}>
              <input type="hidden" name="productId" value={product.id} />
              <input type="hidden" name="returnTo" value="/" />
              <button type="submit" aria-label={`Add ${product.name} to cart`}>
                Add to cart
              </button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}
