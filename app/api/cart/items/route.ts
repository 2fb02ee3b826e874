import { addLine } from "@/lib/cart/model";
import { updateCart } from "@/lib/cart/session-cart";
import { cartRoute, requireProduct } from "@/lib/http/cart-api";
import { assertProductIdShape, parseAddItem } from "@/lib/http/cart-requests";
import { readJsonBody } from "@/lib/http/json-body";
import { notAllowed } from "@/lib/http/methods";
import { cartApiPreflight } from "@/lib/http/cors";

export const dynamic = "force-dynamic";

/** `{ productId, quantity }`: adds to the product's line (capped at 999); answers with the cart. */
export const POST = cartRoute(
  async (request) => {
    const item = parseAddItem(await readJsonBody(request));
    assertProductIdShape(item.productId);
    return item;
  },
  async (session, catalog, { productId, quantity }) => {
    await requireProduct(catalog, productId);
    updateCart(session, (lines) => addLine(lines, productId, quantity));
  },
);

/** Every other method: 405 in the error shape, with Allow. */
export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");

/** CORS preflight for storefronts on the origins in CART_API_ALLOWED_ORIGINS. */
export const OPTIONS = cartApiPreflight;
