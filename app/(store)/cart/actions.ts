"use server";

import { redirect } from "next/navigation";
import { isProductId } from "@/lib/cart/catalog";
import { addLine, clearCart, findLine, MAX_LINE_QUANTITY, removeLine, setLineQuantity } from "@/lib/cart/model";
import { addNotice } from "@/lib/cart/notices";
import { updateCart } from "@/lib/cart/session-cart";
import { getProduct } from "@/lib/shop";
import type { ShopSession } from "@/lib/cart/shop-session";
import { orUnavailable, withSession } from "@/lib/sessions";

/** Where a form may send the shopper back to: only our own store pages, never another site. */
function returnPath(formData: FormData, fallback: string): string {
  const value = formData.get("returnTo");
  if (typeof value === "string" && (value === "/" || value === "/cart" || /^\/products\/[a-z0-9-]{1,64}$/.test(value))) return value;
  // Search results (app/(store)/search): the path and a query string of safe characters only.
  if (typeof value === "string" && /^\/search(?:\?[\w=&%+.~-]{1,300})?$/.test(value)) return value;
  return fallback;
}

/** A whole number in [min, 999] from a form field, or null. */
function quantityField(formData: FormData, min: number): number | null {
  const raw = String(formData.get("quantity") ?? "").trim();
  if (!/^\d{1,4}$/.test(raw)) return null;
  const quantity = Number(raw);
  return quantity >= min && quantity <= MAX_LINE_QUANTITY ? quantity : null;
}

async function productNamed(formData: FormData) {
  const id = String(formData.get("productId") ?? "");
  // The catalog's own read lands on the 503 page in an outage too, like the session's.
  return isProductId(id) ? orUnavailable(getProduct(id)) : null;
}

export async function addToCart(formData: FormData): Promise<void> {
  const back = returnPath(formData, "/");
  const product = await productNamed(formData);
  const quantity = formData.has("quantity") ? quantityField(formData, 1) : 1;
  await withSession<void, ShopSession>((session) => {
    if (!product) return addNotice(session, "error", "That product is no longer available.");
    if (quantity === null) return addNotice(session, "error", `Choose a quantity from 1 to ${MAX_LINE_QUANTITY}.`);
    const before = findLine(session.get("cart"), product.id)?.quantity ?? 0;
    updateCart(session, (lines) => addLine(lines, product.id, quantity));
    if (before + quantity > MAX_LINE_QUANTITY) {
      addNotice(session, "info", `You can have at most ${MAX_LINE_QUANTITY} of “${product.name}” in your cart.`);
    } else {
      addNotice(session, "success", `Added ${quantity} × “${product.name}” to your cart.`);
    }
    // A double submit or a browser retry of this form (same IDEMPOTENCY_FIELD) adds once.
  }, { idempotency: formData });
  redirect(back);
}

/** The − / + buttons of the cart: a step of one unit down or up, or null for the Update button. */
function stepField(formData: FormData): -1 | 1 | null {
  const step = formData.get("step");
  return step === "-1" ? -1 : step === "1" ? 1 : null;
}

export async function updateCartLine(formData: FormData): Promise<void> {
  const product = await productNamed(formData);
  const step = stepField(formData);
  const typed = step === null ? quantityField(formData, 0) : null;
  await withSession<void, ShopSession>((session) => {
    if (!product) return addNotice(session, "error", "That product is no longer available.");
    // A stale page (another tab removed the line) must not report a change that did not happen.
    const line = findLine(session.get("cart"), product.id);
    // A step applies to the quantity stored now, whatever the page showed (or the field held).
    const quantity = step !== null && line ? Math.min(MAX_LINE_QUANTITY, Math.max(0, line.quantity + step)) : typed;
    if (step === null && quantity === null) return addNotice(session, "error", `Choose a quantity from 0 to ${MAX_LINE_QUANTITY}.`);
    if (!line || quantity === null) return addNotice(session, "info", `“${product.name}” is no longer in your cart.`);
    updateCart(session, (lines) => setLineQuantity(lines, product.id, quantity));
    addNotice(session, "success", quantity === 0 ? `Removed “${product.name}”.` : `Updated “${product.name}” to ${quantity}.`);
  }, { idempotency: formData });
  redirect("/cart");
}

export async function removeCartLine(formData: FormData): Promise<void> {
  const product = await productNamed(formData);
  await withSession<void, ShopSession>((session) => {
    if (!product) return addNotice(session, "error", "That product is no longer available.");
    updateCart(session, (lines) => removeLine(lines, product.id));
    addNotice(session, "success", `Removed “${product.name}”.`);
  });
  redirect("/cart");
}

export async function emptyCart(): Promise<void> {
  await withSession<void, ShopSession>((session) => {
    updateCart(session, clearCart);
    addNotice(session, "success", "Your cart is now empty.");
  });
  redirect("/cart");
}
