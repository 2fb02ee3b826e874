import type { Session } from "cartsession/next";
import { findLine, removeLine, setLineQuantity } from "@/lib/cart/model";
import { updateCart } from "@/lib/cart/session-cart";
import type { ShopSession } from "@/lib/cart/shop-session";
import { cartRoute, requireProduct } from "@/lib/http/cart-api";
import { assertProductIdShape, parseSetQuantity } from "@/lib/http/cart-requests";
import { ApiError } from "@/lib/http/errors";
import { readJsonBody } from "@/lib/http/json-body";
import { notAllowed } from "@/lib/http/methods";
import { cartApiPreflight } from "@/lib/http/cors";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ productId: string }> };

function requireLine(session: Session<ShopSession>, productId: string): void {
  if (!findLine(session.get("cart"), productId)) {
    throw new ApiError(404, "not_in_cart", `"${productId}" is not in the cart.`);
  }
}

/** `{ quantity }`: sets the line's quantity; 0 removes it. */
export const PATCH = cartRoute<{ productId: string; quantity: number }, Context>(
    async (request, { params }) => {
      const { productId } = await params;
      assertProductIdShape(productId);
      return { productId, ...parseSetQuantity(await readJsonBody(request)) };
    },
    async (session, catalog, { productId, quantity }) => {
      await requireProduct(catalog, productId);
      requireLine(session, productId);
      updateCart(session, (lines) => setLineQuantity(lines, productId, quantity));
    },
);

/** Removes the product's line. */
export const DELETE = cartRoute<string, Context>(
    async (_request, { params }) => {
      const { productId } = await params;
      assertProductIdShape(productId);
      return productId;
    },
    async (session, catalog, productId) => {
      await requireProduct(catalog, productId);
      requireLine(session, productId);
      updateCart(session, (lines) => removeLine(lines, productId));
    },
);

/** Every other method: 405 in the error shape, with Allow. */
export const { GET, POST, PUT } = notAllowed("PATCH", "DELETE");

/** CORS preflight for storefronts on the origins in CART_API_ALLOWED_ORIGINS. */
export const OPTIONS = cartApiPreflight;
