import { ProductList } from "@/app/_components/product-list";
import { getProducts } from "@/lib/shop";

/** Shared by caches (`s-maxage`), regenerated in the background every five minutes. */
export const revalidate = 300;

export default async function ProductListPage() {
  return <ProductList products={await getProducts()} />;
}
