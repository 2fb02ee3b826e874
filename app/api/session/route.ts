import { jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { sessions } from "@/lib/sessions";
import { notAllowed } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

/** `{ customerId, isGuest, expiresAt, hasSession }` for the visitor (cookie or Cart-Token). */
export async function GET(): Promise<Response> {
  try {
    // The engine's own getSession, not lib/sessions.ts's page helper: an outage here is a
    // 503 in the error shape, never a redirect to the 503 page (which a route answers as 500).
    const session = await sessions.getSession();
    return jsonResponse({
      customerId: session.getCustomerId(),
      isGuest: session.isGuest(),
      expiresAt: new Date(session.getExpiration() * 1000).toISOString(),
      hasSession: session.hasSession(),
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Every other method: 405 in the error shape, with Allow. */
export const { POST, PUT, PATCH, DELETE } = notAllowed("GET");
