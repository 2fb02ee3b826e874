import Link from "next/link";
import { addToCart } from "@/app/(store)/cart/actions";
import type { Product } from "@/lib/cart/catalog";
import { formatMoney } from "@/lib/cart/money";
import { ProductImage } from "./product-image";
import { SubmitButton } from "@/app/_components/submit-button";

/** The product grid. Holds nothing about the visitor, so it can be shared from a cache. */
export function ProductList({ products }: { products: readonly Product[] }) {
  return (
    <>
      <div className="shop-intro">
        <h1>Shop</h1>
        <p>
          Well-made things for kitchen, home and pocket. Free pickup in store, and your cart waits for you across tabs, and across devices
          once you log in.
        </p>
      </div>
      <ul className="product-grid" aria-label="Products">
        {products.map((product, i) => (
          <li key={product.id} className="product-card" data-testid={`product-${product.id}`}>
            <Link href={`/products/${product.id}`} className="product-card-link">
              <ProductImage id={product.id} swatch={product.swatch} eager={i < 8} />
              <span className="product-name">{product.name}</span>
            </Link>
            <p className="price">{formatMoney(product.priceCents, product.currency)}</p>
            <form action={addToCart}>
              <input type="hidden" name="productId" value={product.id} />
              <input type="hidden" name="returnTo" value="/" />
              {/* The name starts with the visible words (WCAG 2.5.3) and says which product. */}
              <SubmitButton aria-label={`Add to cart: ${product.name}`}>
                Add to cart
              </SubmitButton>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}
