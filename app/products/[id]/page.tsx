import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { isProductId } from "@/lib/cart/catalog";
import { MAX_LINE_QUANTITY } from "@/lib/cart/model";
import { formatMoney } from "@/lib/cart/money";
import { shopCatalog } from "@/lib/cart/shop-catalog";
import { addToCart } from "../../cart/actions";
import { Notices } from "../../_components/notices";
import { Swatch } from "../../_components/swatch";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function productFor(params: Props["params"]) {
  const { id } = await params;
  return isProductId(id) ? (await shopCatalog()).get(id) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await productFor(params);
  return { title: product?.name ?? "Product not found" };
}

export default async function ProductPage({ params }: Props) {
  const product = await productFor(params);
  if (!product) notFound();
  return (
    <>
      <Notices />
      <p className="breadcrumb">
        <Link href="/">Shop</Link> / {product.name}
      </p>
      <article className="product-detail">
        <Swatch colour={product.swatch} size="lg" />
        <div>
          <h1>{product.name}</h1>
          <p className="price price-lg">{formatMoney(product.priceCents, product.currency)}</p>
          <p>{product.description}</p>
          <form action={addToCart} className="add-form">
            <input type="hidden" name="productId" value={product.id} />
            <input type="hidden" name="returnTo" value={`/products/${product.id}`} />
            <label htmlFor="quantity">Quantity</label>
            <input id="quantity" name="quantity" type="number" inputMode="numeric" min={1} max={MAX_LINE_QUANTITY} defaultValue={1} required />
            <button type="submit">Add to cart</button>
          </form>
        </div>
      </article>
    </>
  );
}
