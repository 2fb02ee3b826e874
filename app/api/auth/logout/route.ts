import { logOut } from "../../../../lib/auth/session-auth";
import { jsonResponse, toErrorResponse } from "../../../../lib/http/errors";
import { sealCartToken } from "../../../../lib/session";

export const dynamic = "force-dynamic";

/** Destroys the session; `{ customerId }` of the new guest. */
export async function POST(): Promise<Response> {
  try {
    const cookie = await logOut();
    return jsonResponse(
      { customerId: cookie.customerId },
      { headers: { "Cart-Token": await sealCartToken(cookie), "Access-Control-Expose-Headers": "Cart-Token" } },
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}
