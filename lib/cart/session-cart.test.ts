import { describe, expect, it } from "vitest";
import { addLine, clearCart, removeLine } from "./model";
import { updateCart, type CartSession } from "./session-cart";
import type { CartLine } from "./model";

/** Just enough of a session: `update` applied at once, as Session.update does locally. */
function fakeSession(cart?: unknown): CartSession & { cart: CartLine[] | undefined } {
  return {
    cart: cart as CartLine[] | undefined,
    update(_key, fn) {
      this.cart = fn(this.cart) ?? undefined;
    },
  };
}

describe("updateCart", () => {
  it("applies the change to the stored lines", () => {
    const session = fakeSession([{ productId: "linen-apron", quantity: 1 }]);
    updateCart(session, (lines) => addLine(lines, "enamel-mug", 2));
    expect(session.cart).toEqual([
      { productId: "linen-apron", quantity: 1 },
      { productId: "enamel-mug", quantity: 2 },
    ]);
  });

  it("stores an emptied cart as no key at all", () => {
    const session = fakeSession([{ productId: "linen-apron", quantity: 1 }]);
    updateCart(session, (lines) => removeLine(lines, "linen-apron"));
    expect(session.cart).toBeUndefined();
    updateCart(session, clearCart);
    expect(session.cart).toBeUndefined();
  });

  it("reads a malformed stored cart as empty", () => {
    const session = fakeSession({ not: "a cart" });
    updateCart(session, (lines) => addLine(lines, "linen-apron", 1));
    expect(session.cart).toEqual([{ productId: "linen-apron", quantity: 1 }]);
  });
});
