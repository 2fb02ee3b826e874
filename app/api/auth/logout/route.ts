import { CART_TOKEN_HEADER } from "cartsession/next";
import { logOut } from "@/lib/auth/session-auth";
import { errorResponse, jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { readJsonBody } from "@/lib/http/json-body";
import { fromAnotherSite } from "@/lib/http/origin";
import { shopConfig } from "@/lib/shop-config";
import { sealCartToken } from "@/lib/sessions";
import { notAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/**
 * Ends this login for good (`{ "everywhere": true }` ends every login); `{ customerId }` of
 * the new guest. Refused from another site (a page elsewhere must not log a shopper out),
 * and the optional body is read through the one body guard (16 KiB, 10 s).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    if (fromAnotherSite(request.headers, shopConfig().siteUrl)) {
      return errorResponse(403, "cross_site_request", "Logging out is only possible from this shop's own pages.");
    }
    const body = await readJsonBody(request, { optional: true });
    const everywhere = typeof body === "object" && body !== null && (body as { everywhere?: unknown }).everywhere === true;
    const cookie = await logOut({ everywhere });
    return jsonResponse({ customerId: cookie.key }, { headers: { [CART_TOKEN_HEADER]: await sealCartToken(cookie), "Access-Control-Expose-Headers": CART_TOKEN_HEADER } });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Every other method: 405 in the error shape, with Allow. */
export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
