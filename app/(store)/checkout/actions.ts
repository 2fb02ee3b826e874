"use server";

import { randomBytes } from "node:crypto";
import { redirect } from "next/navigation";
import {
  CONTACT_FIELDS,
  SHIPPING_FIELDS,
  formFields,
  shippingMethod,
  validateContact,
  validateShipping,
} from "@/lib/checkout/fields";
import { clearCart } from "@/lib/cart/model";
import { addNotice } from "@/lib/cart/notices";
import { updateCart } from "@/lib/cart/session-cart";
import { catalog } from "@/lib/shop";
import type { ShopSession } from "@/lib/cart/shop-session";
import { buildCartView } from "@/lib/cart/view";
import { withSession } from "@/lib/sessions";

/** Step 1: contact and address. What was typed is kept even when it does not validate. */
export async function saveContact(formData: FormData): Promise<void> {
  const contact = formFields(formData, CONTACT_FIELDS);
  const result = validateContact(contact);
  await withSession<void, ShopSession>((session) => {
    session.update("checkout", (draft) => ({ ...draft, contact }));
    session.set("checkoutErrors", result.ok ? null : { step: "contact", errors: result.errors });
  });
  redirect(result.ok ? "/checkout/shipping" : "/checkout");
}

/** Step 2: shipping and notes. "Back" keeps what was typed without validating it. */
export async function saveShipping(formData: FormData): Promise<void> {
  const shipping = formFields(formData, SHIPPING_FIELDS);
  const back = formData.get("intent") === "back";
  const result = validateShipping(shipping);
  await withSession<void, ShopSession>((session) => {
    session.update("checkout", (draft) => ({ ...draft, shipping }));
    session.set("checkoutErrors", back || result.ok ? null : { step: "shipping", errors: result.errors });
  });
  redirect(back ? "/checkout" : result.ok ? "/checkout/review" : "/checkout/shipping");
}

function orderReference(): string {
  return `CS-${randomBytes(4).toString("hex").toUpperCase()}`;
}

/** Review: places the (demo) order, empties the cart and forgets the checkout fields. */
export async function placeOrder(): Promise<void> {
  const target = await withSession<string, ShopSession>(async (session) => {
    const cart = await buildCartView(session.get("cart"), catalog);
    const draft = session.get("checkout", {});
    const contact = validateContact(draft.contact);
    const shipping = validateShipping(draft.shipping);
    if (cart.items.length === 0) {
      addNotice(session, "error", "Your cart is empty: add something before checking out.");
      return "/cart";
    }
    if (!contact.ok) return "/checkout";
    if (!shipping.ok) return "/checkout/shipping";
    const method = shippingMethod(shipping.value.method);
    const shippingCents = method?.priceCents ?? 0;
    session.set("lastOrder", {
      reference: orderReference(),
      placedAt: new Date().toISOString(),
      email: contact.value.email,
      itemCount: cart.itemCount,
      totalCents: cart.subtotal + shippingCents,
      currency: cart.currency,
      lines: cart.items.map((item) => ({ productId: item.productId, name: item.name, quantity: item.quantity, lineTotalCents: item.lineTotal })),
      shipping: { name: method?.name ?? shipping.value.method, priceCents: shippingCents },
    });
    updateCart(session, clearCart);
    session.set("checkout", null);
    addNotice(session, "success", "Thank you: your order has been placed.");
    return "/checkout/confirmation";
  });
  redirect(target);
}
