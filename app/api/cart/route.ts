import { clearCart } from "@/lib/cart/model";
import { updateCart } from "@/lib/cart/session-cart";
import { changeCart, currentCart, handleCartApi } from "@/lib/http/cart-api";

export const dynamic = "force-dynamic";

/** The visitor's cart (cookie or `Cart-Token`). */
export async function GET(): Promise<Response> {
  return handleCartApi(() => currentCart());
}

/** Empties the cart; answers with the (empty) cart. */
export async function DELETE(): Promise<Response> {
  return handleCartApi(() => changeCart((session) => updateCart(session, clearCart)));
}
