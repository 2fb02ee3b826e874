import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { nextProducts, ProductDetail } from "@/app/_components/product-detail";
import { ProductNotFound } from "@/app/_components/product-not-found";
import { isProductId } from "@/lib/cart/catalog";
import { getProduct, getProducts } from "@/lib/shop";

/** Shared by caches (`s-maxage`), regenerated in the background every five minutes. */
export const revalidate = 300;

type Props = { params: Promise<{ id: string }> };

async function productFor(params: Props["params"]) {
  const { id } = await params;
  return isProductId(id) ? getProduct(id) : null;
}

export async function generateStaticParams() {
  return (await getProducts()).map((product) => ({ id: product.id }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await productFor(params);
  return product ? { title: product.name, description: product.description } : { title: "Product not found" };
}

/** Raises the 404 from inside a Suspense boundary (see MissingProduct). */
function NotFoundSignal(): null {
  notFound();
}

/**
 * An unknown id. A plain notFound() here answers 404 with an empty HTML shell that only
 * JavaScript fills in (Next.js 16 does not server-render the not-found boundary of a
 * notFound() thrown by a page: vercel/next.js#62228), so without JavaScript the shopper saw
 * a blank page. Thrown inside a Suspense boundary instead, this cached page still answers
 * 404, its HTML carries the not-found message (the boundary's fallback), and with
 * JavaScript the segment's not-found.tsx (the same message) takes over.
 */
function MissingProduct() {
  return (
    <Suspense fallback={<ProductNotFound />}>
      <NotFoundSignal />
    </Suspense>
  );
}

export default async function ProductPage({ params }: Props) {
  const product = await productFor(params);
  if (!product) return <MissingProduct />;
  const all = await getProducts();
  return <ProductDetail product={product} others={nextProducts(all, product.id)} />;
}
