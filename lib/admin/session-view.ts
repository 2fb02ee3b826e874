import { cartLines } from "cartsession";
import type { Product } from "../cart/catalog";
import { sessionEmail } from "../checkout/email";
import { COUNTRIES, SHIPPING_METHODS } from "../checkout/fields";

/** One session's stored data as the inspector shows it: what a shop owner reads, not JSON. */
export interface SessionView {
  lines: { productId: string; name: string; quantity: number; unitCents: number | null; totalCents: number | null }[];
  subtotalCents: number;
  currency: string;
  /** The email the shopper typed at checkout (or their last order's). */
  email: string | null;
  /** What the checkout draft holds beyond the email: name, place, shipping method. */
  checkout: { name?: string; place?: string; shipping?: string } | null;
  lastOrder: { reference: string; placedAt: string; itemCount: number; totalCents: number; currency: string } | null;
  /** Keys stored besides the ones above (a developer's note, pending notices, …). */
  otherKeys: string[];
}

const KNOWN = new Set(["cart", "checkout", "checkoutErrors", "lastOrder"]);

const str = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);

export function describeSession(data: Record<string, unknown>, products: readonly Product[]): SessionView {
  const byId = new Map(products.map((p) => [p.id, p]));
  const lines = cartLines(data.cart).map((line) => {
    const product = byId.get(line.productId);
    return {
      productId: line.productId,
      name: product?.name ?? `${line.productId} (no longer sold)`,
      quantity: line.quantity,
      unitCents: product ? product.priceCents : null,
      totalCents: product ? product.priceCents * line.quantity : null,
    };
  });
  const draft = (data.checkout ?? null) as { contact?: Record<string, unknown>; shipping?: Record<string, unknown> } | null;
  const contact = draft?.contact ?? {};
  const country = COUNTRIES.find((c) => c.code === contact.country)?.name;
  const place = [str(contact.city), country].filter(Boolean).join(", ") || undefined;
  const shipping = SHIPPING_METHODS.find((m) => m.id === draft?.shipping?.method)?.name;
  const checkout = draft && (str(contact.fullName) || place || shipping) ? { name: str(contact.fullName), place, shipping } : null;
  const order = data.lastOrder as Record<string, unknown> | null | undefined;
  const lastOrder =
    order && typeof order.reference === "string"
      ? {
          reference: order.reference,
          placedAt: String(order.placedAt ?? ""),
          itemCount: Number(order.itemCount ?? 0),
          totalCents: Number(order.totalCents ?? 0),
          currency: String(order.currency ?? "USD"),
        }
      : null;
  return {
    lines,
    subtotalCents: lines.reduce((sum, line) => sum + (line.totalCents ?? 0), 0),
    currency: products[0]?.currency ?? "USD",
    email: sessionEmail(data),
    checkout,
    lastOrder,
    otherKeys: Object.keys(data).filter((key) => !KNOWN.has(key) && data[key] !== null && data[key] !== undefined),
  };
}
