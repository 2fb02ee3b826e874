import { hasBearerSecret } from "cartsession/next";
import { abandonedCartsWithLinks } from "@/lib/admin/abandoned-report";
import { errorResponse, jsonResponse, toErrorResponse } from "@/lib/http/errors";
import { shopConfig } from "@/lib/shop-config";

export const dynamic = "force-dynamic";

/**
 * `GET /api/admin/abandoned-carts?page=N` for marketing tools: `Authorization: Bearer
 * <ADMIN_API_TOKEN>`; without ADMIN_API_TOKEN configured it refuses everything. Pages of
 * 500 with the true total.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const token = shopConfig().adminApiToken;
    if (!token) return errorResponse(401, "admin_token_unset", "ADMIN_API_TOKEN is not configured, so the admin API refuses every request.");
    if (!hasBearerSecret(request.headers.get("authorization"), token)) {
      return errorResponse(401, "unauthorized", "Send Authorization: Bearer <ADMIN_API_TOKEN>.", { "WWW-Authenticate": "Bearer" });
    }
    const pageText = new URL(request.url).searchParams.get("page") ?? "1";
    if (!/^\d{1,7}$/.test(pageText) || Number(pageText) < 1) return errorResponse(400, "invalid_page", "page must be a whole number from 1.");
    const page = Number(pageText);
    const perPage = 500;
    const { carts, total } = await abandonedCartsWithLinks(perPage, (page - 1) * perPage);
    return jsonResponse({
      page,
      perPage,
      total,
      carts: carts.map((c) => ({
        sessionKey: c.key,
        customerId: c.customerId,
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
