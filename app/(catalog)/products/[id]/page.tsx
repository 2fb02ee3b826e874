import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProductDetail } from "@/app/_components/product-detail";
import { isProductId } from "@/lib/cart/catalog";
import { shopCatalog } from "@/lib/cart/shop-catalog";

/** Shared by caches (`s-maxage`), regenerated in the background every five minutes. */
export const revalidate = 300;

type Props = { params: Promise<{ id: string }> };

async function productFor(params: Props["params"]) {
  const { id } = await params;
  return isProductId(id) ? (await shopCatalog()).get(id) : null;
}

export async function generateStaticParams() {
  return (await (await shopCatalog()).list()).map((product) => ({ id: product.id }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await productFor(params))?.name ?? "Product not found" };
}

export default async function ProductPage({ params }: Props) {
  const product = await productFor(params);
  if (!product) notFound();
  return <ProductDetail product={product} />;
}
