import type { Session, SessionCookie } from "cartsession/next";
import { CART_TOKEN_HEADER } from "cartsession/next";
import type { Catalog } from "../cart/catalog";
import { shopCatalog } from "../cart/shop-catalog";
import type { ShopSession } from "../cart/shop-session";
import { buildCartView } from "../cart/view";
import { sealCartToken, sessions } from "../sessions";
import { isApiError, jsonResponse, toErrorResponse } from "./errors";
import { unknownProduct } from "./cart-requests";
import { withCors } from "./cors";

/** Browsers hide response headers from scripts unless they are listed. */
const cartTokenHeaders = (token: string) => ({ [CART_TOKEN_HEADER]: token, "Access-Control-Expose-Headers": CART_TOKEN_HEADER });

/** The cart JSON with the `Cart-Token` naming the session that holds it (the one the client sent, unless who changed). */
export async function cartResponse(stored: unknown, cookie: SessionCookie, catalog: Catalog, status = 200): Promise<Response> {
  const [view, token] = await Promise.all([buildCartView(stored, catalog), sealCartToken(cookie)]);
  return jsonResponse(view, { status, headers: cartTokenHeaders(token) });
}

export async function requireProduct(catalog: Catalog, productId: string) {
  const product = await catalog.get(productId);
  if (!product) throw unknownProduct(productId);
  return product;
}

/**
 * One cart API route: `parse` checks the request (its body read through the one body
 * guard), `change` checks it against the cart and records the change (through
 * `session.update`, so a concurrent write never loses a line); then it saves and answers
 * with the cart as saved. The session comes from the Request itself and its cookies go
 * onto the Response (`sessions.route`). Anything thrown becomes the API's error shape
 * (lib/http/errors.ts, by code); a refused request (an ApiError) saves nothing but still
 * answers with the Cart-Token. Reading the cart comes through here too (with no change),
 * so the cart cookies catch up with what another device or a Cart-Token client did.
 */
export function cartRoute<P, C = unknown>(
  parse: (request: Request, context: C) => P | Promise<P>,
  change: (session: Session<ShopSession>, catalog: Catalog, parsed: P) => void | Promise<void>,
  status = 200,
): (request: Request, context: C) => Promise<Response> {
  const handler = sessions.route<C, ShopSession>(async (request, session, context) => {
    let parsed: P;
    let catalog: Catalog;
    try {
      parsed = await parse(request, context);
      catalog = await shopCatalog();
      await change(session, catalog, parsed);
    } catch (error) {
      if (!isApiError(error)) throw error;
      // A refusal records no change (every check comes before it), yet names the session.
      const response = toErrorResponse(error);
      try {
        for (const [name, value] of Object.entries(cartTokenHeaders(await sealCartToken(session.cookie)))) response.headers.set(name, value);
      } catch {
        // The error response is what matters; the token is a courtesy.
      }
      return response;
    }
    await session.save();
    return cartResponse(session.get("cart"), session.cookie, catalog, status);
  });
  return async (request, context) => {
    try {
      return withCors(request, await handler(request, context));
    } catch (error) {
      return withCors(request, toErrorResponse(error));
    }
  };
}
