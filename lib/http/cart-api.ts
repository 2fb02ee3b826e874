import type { Session, SessionCookie } from "cartsession";
import { CART_TOKEN_HEADER } from "cartsession/next";
import type { Catalog } from "../cart/catalog";
import { shopCatalog } from "../cart/shop-catalog";
import type { ShopSession } from "../cart/shop-session";
import { buildCartView } from "../cart/view";
import { getSession, openWritableSession, sealCartToken } from "../sessions";
import { ApiError, jsonResponse, toErrorResponse } from "./errors";
import { unknownProduct } from "./cart-requests";

/** Browsers hide response headers from scripts unless they are listed. */
const cartTokenHeaders = (token: string) => ({ [CART_TOKEN_HEADER]: token, "Access-Control-Expose-Headers": CART_TOKEN_HEADER });

/** The cart JSON with the `Cart-Token` naming the session that holds it (the one the client sent, unless who changed). */
export async function cartResponse(stored: unknown, cookie: SessionCookie, catalog: Catalog, status = 200): Promise<Response> {
  const [view, token] = await Promise.all([buildCartView(stored, catalog), sealCartToken(cookie)]);
  return jsonResponse(view, { status, headers: cartTokenHeaders(token) });
}

/** A refused request still tells a headless client which session it is talking to. */
async function withCartToken(response: Response): Promise<Response> {
  try {
    const token = await sealCartToken((await getSession()).cookie);
    for (const [name, value] of Object.entries(cartTokenHeaders(token))) response.headers.set(name, value);
  } catch {
    // The error response is what matters; the token is a courtesy.
  }
  return response;
}

/** Runs a cart API handler; anything it throws becomes the API's error shape. */
export async function handleCartApi(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    const response = toErrorResponse(error);
    return error instanceof ApiError ? withCartToken(response) : response;
  }
}

export async function requireProduct(catalog: Catalog, productId: string) {
  const product = await catalog.get(productId);
  if (!product) throw unknownProduct(productId);
  return product;
}

/**
 * Opens the writable session, lets `change` check the request against it and record the
 * change (through `session.update`, so a concurrent write never loses a line), saves, and
 * answers with the cart as saved. A refused request (an ApiError from `change`) saves
 * nothing but still answers with the Cart-Token. Reading the cart goes through here too
 * (with no change), so the cart cookies are brought in step with what another device or a
 * Cart-Token client did.
 */
export async function changeCart(change: (session: Session<ShopSession>, catalog: Catalog) => void | Promise<void>, status = 200): Promise<Response> {
  const catalog = await shopCatalog();
  const { session, commit } = await openWritableSession<ShopSession>();
  await change(session, catalog);
  const cookie = await commit();
  return cartResponse(session.get("cart"), cookie, catalog, status);
}

/** The visitor's cart (cookie or Cart-Token). */
export async function currentCart(): Promise<Response> {
  return changeCart(() => {});
}
