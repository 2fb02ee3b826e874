import { CART_TOKEN_HEADER } from "cartsession/next";
import { logOut } from "@/lib/auth/session-auth";
import { jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { sealCartToken } from "@/lib/sessions";
import { notAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** Ends this login for good (`{ "everywhere": true }` ends every login); `{ customerId }` of the new guest. */
export async function POST(request: Request): Promise<Response> {
  try {
    const everywhere = request.headers.get("content-type")?.includes("json") ? ((await request.json().catch(() => ({}))) as { everywhere?: unknown }).everywhere === true : false;
    const cookie = await logOut({ everywhere });
    return jsonResponse({ customerId: cookie.key }, { headers: { [CART_TOKEN_HEADER]: await sealCartToken(cookie), "Access-Control-Expose-Headers": CART_TOKEN_HEADER } });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Every other method: 405 in the error shape, with Allow. */
export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
