import { abandonedCartsWithLinks } from "@/lib/admin/abandoned-report";
import { hasBearerSecret } from "@/lib/http/bearer";
import { errorResponse, jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { getConfig } from "@/lib/session/config";

export const dynamic = "force-dynamic";

/**
 * `GET /api/admin/abandoned-carts` for marketing tools: `Authorization: Bearer
 * <ADMIN_API_TOKEN>`; without ADMIN_API_TOKEN configured it refuses everything.
 */
export async function GET(request: Request): Promise<Response> {
  const token = getConfig().adminApiToken;
  if (!token) return errorResponse(401, "admin_token_unset", "ADMIN_API_TOKEN is not configured, so the admin API refuses every request.");
  if (!hasBearerSecret(request.headers.get("authorization"), token)) {
    return errorResponse(401, "unauthorized", "Send Authorization: Bearer <ADMIN_API_TOKEN>.", { "WWW-Authenticate": "Bearer" });
  }
  try {
    const carts = await abandonedCartsWithLinks(1_000);
    return jsonResponse({
      carts: carts.map((c) => ({
        customerId: c.key,
        kind: c.kind,
        items: c.items,
        value: c.valueCents,
        currency: c.currency,
        lastActivity: new Date(c.lastActivity * 1000).toISOString(),
        lines: c.lines,
        restoreUrl: c.restoreUrl,
      })),
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
