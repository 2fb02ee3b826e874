import Link from "next/link";
import { formatMoney } from "@/lib/cart/money";
import { shopCatalog } from "@/lib/cart/shop-catalog";
import { addToCart } from "./cart/actions";
import { Notices } from "./_components/notices";
import { Swatch } from "./_components/swatch";

export const dynamic = "force-dynamic";

export default async function ProductListPage() {
  const products = await (await shopCatalog()).list();
  return (
    <>
      <Notices />
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
