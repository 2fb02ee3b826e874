import type { CheckoutDraft, FieldErrors } from "../checkout/fields";
import type { Notice } from "./notices";
import type { CartLine } from "cartsession";

/** An order placed in the demo (there is no payment; the confirmation page shows it). */
export interface PlacedOrder {
  reference: string;
  placedAt: string;
  email: string;
  itemCount: number;
  totalCents: number;
  currency: string;
  /** What was ordered (orders placed before this field existed have none). */
  lines?: { productId: string; name: string; quantity: number; lineTotalCents: number }[];
  shipping?: { name: string; priceCents: number };
}

/** Which checkout step a failed submit came from, and what was wrong: shown once. */
export interface CheckoutErrors {
  step: "contact" | "shipping";
  errors: FieldErrors<string>;
}

/** Everything the demo store keeps in a visitor's session, by key. */
export type ShopSession = {
  cart: CartLine[];
  notices: Notice[];
  checkout: CheckoutDraft;
  checkoutErrors: CheckoutErrors;
  lastOrder: PlacedOrder;
  note: string;
};
