import { Notices } from "@/app/_components/notices";
import { ProductList } from "@/app/_components/product-list";
import { getProducts } from "@/lib/shop";
import { pageOrUnavailable } from "@/lib/sessions";

/**
 * The product list for a visitor with items in the cart or logged in: proxy.ts rewrites
 * `/` here, so the page shows their count and notices and is never shared.
 */
export const dynamic = "force-dynamic";

async function LiveProductListPage() {
  return (
    <>
      <Notices cartLinks />
      <ProductList products={await getProducts()} />
    </>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(LiveProductListPage);
