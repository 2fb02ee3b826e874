import { cartLines, type CartLine } from "cartsession";

/** The session key the cart is stored under (its shape is `CartLine[]`). */
export const CART_KEY = "cart";

/** Anything with the session's `update`, e.g. `Session<{ cart: CartLine[] }>`. */
export interface CartSession {
  update(key: typeof CART_KEY, fn: (current: CartLine[] | undefined) => CartLine[] | null | undefined): void;
}

/**
 * The one way the app changes a cart: `change` runs through `session.update`, so when a
 * concurrent request saved first it runs again on the fresh lines and no line is lost.
 * An emptied cart is stored as no key at all, so it leaves nothing behind in the session.
 */
export function updateCart(session: CartSession, change: (lines: CartLine[]) => CartLine[]): void {
  session.update(CART_KEY, (stored) => {
    const next = change(cartLines(stored));
    return next.length > 0 ? next : null;
  });
}
