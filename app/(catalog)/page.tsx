import { ProductList } from "@/app/_components/product-list";
import { shopCatalog } from "@/lib/cart/shop-catalog";

/** Shared by caches (`s-maxage`), regenerated in the background every five minutes. */
export const revalidate = 300;

export default async function ProductListPage() {
  return <ProductList products={await (await shopCatalog()).list()} />;
}
