import { clearCart } from "@/lib/cart/model";
import { updateCart } from "@/lib/cart/session-cart";
import { cartApi } from "@/lib/http/cart-api";

export const dynamic = "force-dynamic";

/** The visitor's cart (cookie or `Cart-Token`). */
export async function GET(request: Request): Promise<Response> {
  return cartApi(request, () => null, () => {});
}

/** Empties the cart; answers with the (empty) cart. */
export async function DELETE(request: Request): Promise<Response> {
  return cartApi(request, () => null, (session) => updateCart(session, clearCart));
}
