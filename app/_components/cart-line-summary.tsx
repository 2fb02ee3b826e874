import Link from "next/link";
import { formatMoney } from "@/lib/cart/money";
import type { CartViewItem } from "@/lib/cart/view";
import { ProductImage } from "./product-image";

/** A cart line's picture, name with unit price, and line total: the cart page and a restore link's page. */
export function CartLineSummary({ item, currency }: { item: CartViewItem; currency: string }) {
  return (
    <>
      <span className="product-thumb">
        <ProductImage id={item.productId} swatch={item.swatch} className="product-media" />
      </span>
      <p className="cart-line-name">
        <Link href={`/products/${item.productId}`}>{item.name}</Link>
        <span className="unit">{formatMoney(item.unitPrice, currency)} each</span>
      </p>
      <p className="cart-line-total">
        <span className="visually-hidden">Line total: </span>
        <span data-testid="line-total">{formatMoney(item.lineTotal, currency)}</span>
      </p>
    </>
  );
}
