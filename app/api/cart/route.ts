import { clearCart } from "@/lib/cart/model";
import { updateCart } from "@/lib/cart/session-cart";
import { cartRoute } from "@/lib/http/cart-api";
import { notAllowed } from "@/lib/http/methods";
import { cartApiPreflight } from "@/lib/http/cors";

export const dynamic = "force-dynamic";

/** The visitor's cart (cookie or `Cart-Token`). */
export const GET = cartRoute(
  () => null,
  () => {},
);

/** Empties the cart; answers with the (empty) cart. */
export const DELETE = cartRoute(
  () => null,
  (session) => updateCart(session, clearCart),
);

/** Every other method: 405 in the error shape, with Allow. */
export const { POST, PUT, PATCH } = notAllowed("GET", "DELETE");

/** CORS preflight for storefronts on the origins in CART_API_ALLOWED_ORIGINS. */
export const OPTIONS = cartApiPreflight;
