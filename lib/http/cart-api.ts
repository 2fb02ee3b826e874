import type { RequestSession, Session, SessionCookie } from "cartsession/next";
import { CART_TOKEN_HEADER } from "cartsession/next";
import type { Catalog } from "../cart/catalog";
import { shopCatalog } from "../cart/shop-catalog";
import type { ShopSession } from "../cart/shop-session";
import { buildCartView } from "../cart/view";
import { openRequestSession, sealCartToken } from "../sessions";
import { ApiError, jsonResponse, toErrorResponse } from "./errors";
import { unknownProduct } from "./cart-requests";
import { corsHeaders } from "./cors";

/** Browsers hide response headers from scripts unless they are listed. */
const cartTokenHeaders = (token: string) => ({ [CART_TOKEN_HEADER]: token, "Access-Control-Expose-Headers": CART_TOKEN_HEADER });

/** The cart JSON with the `Cart-Token` naming the session that holds it (the one the client sent, unless who changed). */
export async function cartResponse(stored: unknown, cookie: SessionCookie, catalog: Catalog, status = 200): Promise<Response> {
  const [view, token] = await Promise.all([buildCartView(stored, catalog), sealCartToken(cookie)]);
  return jsonResponse(view, { status, headers: cartTokenHeaders(token) });
}

function withCors(request: Request, response: Response): Response {
  for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
  return response;
}

/** A refused request still tells a headless client which session it is talking to. */
async function withCartToken(response: Response, request: Request, open: RequestSession<ShopSession> | undefined): Promise<Response> {
  try {
    const token = await sealCartToken((open ?? (await openRequestSession(request))).session.cookie);
    for (const [name, value] of Object.entries(cartTokenHeaders(token))) response.headers.set(name, value);
  } catch {
    // The error response is what matters; the token is a courtesy.
  }
  return response;
}

export async function requireProduct(catalog: Catalog, productId: string) {
  const product = await catalog.get(productId);
  if (!product) throw unknownProduct(productId);
  return product;
}

/**
 * One cart API request: `parse` checks the request (before any session is opened), `change`
 * checks it against the cart and records the change (through `session.update`, so a
 * concurrent write never loses a line); then it saves and answers with the cart as saved.
 * The session comes from the Request itself and its cookies go onto the Response
 * (`openRequestSession`). Anything thrown becomes the API's error shape; a refused request
 * (an ApiError) saves nothing but still answers with the Cart-Token. Reading the cart comes
 * through here too (with no change), so the cart cookies catch up with what another device
 * or a Cart-Token client did.
 */
export async function cartApi<P>(
  request: Request,
  parse: () => P | Promise<P>,
  change: (session: Session<ShopSession>, catalog: Catalog, parsed: P) => void | Promise<void>,
  status = 200,
): Promise<Response> {
  let open: RequestSession<ShopSession> | undefined;
  try {
    const parsed = await parse();
    const catalog = await shopCatalog();
    open = await openRequestSession<ShopSession>(request);
    await change(open.session, catalog, parsed);
    const cookie = await open.commit();
    return withCors(request, await open.respond(await cartResponse(open.session.get("cart"), cookie, catalog, status)));
  } catch (error) {
    const response = toErrorResponse(error);
    return withCors(request, error instanceof ApiError ? await withCartToken(response, request, open) : response);
  }
}
