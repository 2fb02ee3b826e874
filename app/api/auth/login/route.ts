import { z } from "zod";
import { CART_TOKEN_HEADER } from "cartsession/next";
import { logIn } from "@/lib/auth/session-auth";
import { ApiError, errorResponse, jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { readJsonBody } from "@/lib/http/json-body";
import { sealCartToken, sessions } from "@/lib/sessions";
import { notAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

const LoginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(200),
});

/** `{ email, password }` → `{ customerId }`; the guest session moves to the customer. */
export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = LoginBody.safeParse(await readJsonBody(request));
    if (!parsed.success) {
      throw new ApiError(400, "invalid_request", "Send { email, password } as strings.");
    }
    const result = await logIn(parsed.data.email, parsed.data.password, sessions.clientAddress(request.headers));
    if (!result) return errorResponse(401, "invalid_credentials", "The email or password is not right.");
    return jsonResponse(
      { customerId: result.user.id },
      { headers: { [CART_TOKEN_HEADER]: await sealCartToken(result.cookie), "Access-Control-Expose-Headers": CART_TOKEN_HEADER } },
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Every other method: 405 in the error shape, with Allow. */
export const { GET, PUT, PATCH, DELETE } = notAllowed("POST");
