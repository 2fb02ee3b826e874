import type { Metadata } from "next";
import { Notices } from "@/app/_components/notices";
import { nextProducts, ProductDetail } from "@/app/_components/product-detail";
import { ProductNotFound } from "@/app/_components/product-not-found";
import { isProductId } from "@/lib/cart/catalog";
import { getProduct, getProducts } from "@/lib/shop";
import { pageOrUnavailable } from "@/lib/sessions";

/** `/products/<id>` for a visitor with items in the cart or logged in (rewritten by proxy.ts). */
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function productFor(params: Props["params"]) {
  const { id } = await params;
  return isProductId(id) ? getProduct(id) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await productFor(params);
  return product ? { title: product.name, description: product.description } : { title: "Product not found", robots: { index: false } };
}

/**
 * An unknown id is answered with the not-found message in the HTML, with or without
 * JavaScript. This personal variant is rendered per request, and Next.js 16 can only send a
 * notFound() from such a page as an empty HTML shell filled in by JavaScript
 * (vercel/next.js#62228), so it answers 200 with `noindex` instead. The shared variant that
 * crawlers and caches see (app/(catalog)/products/[id]) still answers 404.
 */
async function LiveProductPage({ params }: Props) {
  const product = await productFor(params);
  if (!product) return <ProductNotFound />;
  const all = await getProducts();
  return (
    <>
      <Notices cartLinks />
      <ProductDetail product={product} others={nextProducts(all, product.id)} />
    </>
  );
}

/** During a database outage the page answers 503 (app/unavailable). */
export default pageOrUnavailable(LiveProductPage);
