import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Notices } from "@/app/_components/notices";
import { ProductDetail } from "@/app/_components/product-detail";
import { isProductId } from "@/lib/cart/catalog";
import { shopCatalog } from "@/lib/cart/shop-catalog";

/** `/products/<id>` for a visitor with items in the cart or logged in (rewritten by proxy.ts). */
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function productFor(params: Props["params"]) {
  const { id } = await params;
  return isProductId(id) ? (await shopCatalog()).get(id) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await productFor(params))?.name ?? "Product not found" };
}

export default async function LiveProductPage({ params }: Props) {
  const product = await productFor(params);
  if (!product) notFound();
  return (
    <>
      <Notices />
      <ProductDetail product={product} />
    </>
  );
}
