import { Notices } from "@/app/_components/notices";
import { ProductList } from "@/app/_components/product-list";
import { shopCatalog } from "@/lib/cart/shop-catalog";

/**
 * The product list for a visitor with items in the cart or logged in: proxy.ts rewrites
 * `/` here, so the page shows their count and notices and is never shared.
 */
export const dynamic = "force-dynamic";

export default async function LiveProductListPage() {
  return (
    <>
      <Notices cartLinks />
      <ProductList products={await (await shopCatalog()).list()} />
    </>
  );
}
