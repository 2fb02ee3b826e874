import type { Catalog, Product } from "./catalog";
import { cartLines, cartTotals, summarizeCart } from "./model";

/** One cart line as the HTTP API and the cart page show it. Money in integer cents. */
export interface CartViewItem {
  productId: string;
  name: string;
  swatch: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

/** The cart of the HTTP cart API (docs/demo.md, "The HTTP cart API"): `{ items, itemCount, subtotal, currency, cartHash }`. */
export interface CartView {
  items: CartViewItem[];
  itemCount: number;
  subtotal: number;
  currency: string;
  /** The `cart_hash` cookie's value; "" for an empty cart. */
  cartHash: string;
}

export const DEFAULT_CURRENCY = "USD";

/** Prices the stored lines from the catalog; a line whose product is gone is not shown. */
export async function buildCartView(stored: unknown, catalog: Catalog): Promise<CartView> {
  const lines = cartLines(stored);
  const products = new Map<string, Product>();
  for (const product of await Promise.all(lines.map((line) => catalog.get(line.productId)))) {
    if (product) products.set(product.id, product);
  }
  const totals = cartTotals(lines, new Map([...products].map(([id, product]) => [id, product.priceCents])));
  return {
    items: totals.lines.map((line) => {
      const product = products.get(line.productId)!;
      return {
        productId: line.productId,
        name: product.name,
        swatch: product.swatch,
        unitPrice: line.unitPriceCents,
        quantity: line.quantity,
        lineTotal: line.lineTotalCents,
      };
    }),
    itemCount: totals.itemCount,
    subtotal: totals.subtotalCents,
    currency: products.values().next().value?.currency ?? DEFAULT_CURRENCY,
    cartHash: summarizeCart(lines).cartHash,
  };
}
